import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    organizationId?: string | null;
    /** Milliseconds since the epoch: sessions end SESSION_MAX_AGE_SECONDS after this. */
    signedInAt?: number;
  }
}
