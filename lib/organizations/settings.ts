import "server-only";
import { inTransaction, type DbOrTx } from "../db/transaction";
import type { OperatorContext } from "../operators/roles";
import type { OrganizationLimitsInput } from "../dashboard/settings/limits-form";
import type { BrandingText } from "./branding-form";
import { readableTextColor } from "./contrast";
import type { FetchedLogo } from "./fetch-logo";

// An organisation's settings as the dashboard reads and changes them. The API and the claim code
// read the same columns (lib/auth/api-keys.ts reads the limits with every API key; the claim
// submit reads dedupe and the name-match minimum), so a change here applies to the next request.

export type OrganizationSettings = {
  id: string;
  name: string;
  limits: OrganizationLimitsInput;
  branding: BrandingText & { logoPath: string | null };
};

export function brandLogoPath(sha256: string | null): string | null {
  return sha256 ? `/api/brand-logos/${sha256}` : null;
}

export async function getOrganizationSettings(db: DbOrTx, organizationId: string): Promise<OrganizationSettings> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
  return {
    id: org.id,
    name: org.name,
    limits: {
      maxLinkAmount: org.maxLinkAmount,
      defaultLinkTtlSeconds: org.defaultLinkTtlSeconds,
      dedupeRecipientsByEmail: org.dedupeRecipientsByEmail,
      minNameMatchScore: org.minNameMatchScore,
    },
    branding: {
      displayName: org.brandDisplayName,
      logoUrl: org.brandLogoUrl,
      accentColor: org.brandAccentColor,
      supportEmail: org.brandSupportEmail,
      logoPath: brandLogoPath(org.brandLogoSha256),
    },
  };
}

const audit = (tx: DbOrTx, actor: OperatorContext, action: string, data: object) =>
  tx.auditEvent.create({ data: { organizationId: actor.organizationId, actor: `user:${actor.userId}`, action, subjectId: actor.organizationId, data: data as never } });

/** One UPDATE of the four limit columns and its audit record, in one transaction. */
export async function updateOrganizationLimits(db: DbOrTx, actor: OperatorContext, limits: OrganizationLimitsInput): Promise<OrganizationLimitsInput> {
  return inTransaction(db, async (tx) => {
    await tx.organization.update({
      where: { id: actor.organizationId },
      data: {
        maxLinkAmount: limits.maxLinkAmount,
        defaultLinkTtlSeconds: limits.defaultLinkTtlSeconds,
        dedupeRecipientsByEmail: limits.dedupeRecipientsByEmail,
        minNameMatchScore: limits.minNameMatchScore,
      },
    });
    await audit(tx, actor, "organization.limits_updated", limits);
    return limits;
  });
}

/**
 * Saves the branding. `logo` is what fetchLogo returned for a new logo URL, or "keep" when the URL is
 * the one already stored (no refetch), or null to remove the logo. The copy is content-addressed, so
 * saving the same image twice stores it once.
 */
export async function updateOrganizationBranding(
  db: DbOrTx,
  actor: OperatorContext,
  branding: BrandingText,
  logo: FetchedLogo | "keep" | null,
): Promise<OrganizationSettings["branding"]> {
  return inTransaction(db, async (tx) => {
    if (logo && logo !== "keep") {
      await tx.brandLogo.upsert({
        where: { sha256: logo.sha256 },
        create: { sha256: logo.sha256, contentType: logo.contentType, data: new Uint8Array(logo.data) },
        update: {},
      });
    }
    const updated = await tx.organization.update({
      where: { id: actor.organizationId },
      data: {
        brandDisplayName: branding.displayName,
        brandAccentColor: branding.accentColor,
        brandSupportEmail: branding.supportEmail,
        ...(logo === "keep" ? {} : { brandLogoUrl: logo ? branding.logoUrl : null, brandLogoSha256: logo ? logo.sha256 : null }),
      },
    });
    await audit(tx, actor, "organization.branding_updated", { ...branding, logoSha256: updated.brandLogoSha256 });
    return {
      displayName: updated.brandDisplayName,
      logoUrl: updated.brandLogoUrl,
      accentColor: updated.brandAccentColor,
      supportEmail: updated.brandSupportEmail,
      logoPath: brandLogoPath(updated.brandLogoSha256),
    };
  });
}

export async function getBrandLogo(db: DbOrTx, sha256: string) {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  return db.brandLogo.findUnique({ where: { sha256 } });
}

/** What the claim page shows of an organisation's branding. */
export type ClaimBranding = { name: string; logoPath: string | null; accent: { background: string; text: string } | null; supportEmail: string | null };

export function claimBranding(org: {
  name: string;
  brandDisplayName: string | null;
  brandLogoSha256: string | null;
  brandAccentColor: string | null;
  brandSupportEmail: string | null;
}): ClaimBranding {
  return {
    name: org.brandDisplayName ?? org.name,
    logoPath: brandLogoPath(org.brandLogoSha256),
    accent: org.brandAccentColor ? { background: org.brandAccentColor, text: readableTextColor(org.brandAccentColor) } : null,
    supportEmail: org.brandSupportEmail,
  };
}
