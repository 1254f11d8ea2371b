-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "brand_accent_color" TEXT,
ADD COLUMN     "brand_display_name" TEXT,
ADD COLUMN     "brand_logo_sha256" TEXT,
ADD COLUMN     "brand_logo_url" TEXT,
ADD COLUMN     "brand_support_email" TEXT;

-- CreateTable
CREATE TABLE "brand_logos" (
    "sha256" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "brand_logos_pkey" PRIMARY KEY ("sha256")
);

-- AddForeignKey
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_brand_logo_sha256_fkey" FOREIGN KEY ("brand_logo_sha256") REFERENCES "brand_logos"("sha256") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: what lib/organizations validates, kept by the database too.
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_brand_accent_color_format" CHECK ("brand_accent_color" IS NULL OR "brand_accent_color" ~ '^#[0-9a-f]{6}$');
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_brand_display_name_length" CHECK ("brand_display_name" IS NULL OR char_length("brand_display_name") BETWEEN 1 AND 80);
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_max_link_amount_positive" CHECK ("max_link_amount" > 0);
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_default_link_ttl_positive" CHECK ("default_link_ttl_seconds" > 0);
ALTER TABLE "brand_logos" ADD CONSTRAINT "brand_logos_size" CHECK (octet_length("data") BETWEEN 1 AND 524288);
