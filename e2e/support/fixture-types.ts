export type FixtureLink = { token: string; url: string; amount: number };

export type E2EFixtures = {
  organizationName: string;
  /** Internal id (no org_ prefix) of the e2e organisation. */
  organizationId: string;
  /** A second organisation, for the specs that check one organisation cannot see another's pages. */
  otherOrganization: { name: string; id: string; linkId: string };
  apiKey: string;
  /** The e2e server's NEXTAUTH_SECRET (a random one per run), for the session-expiry spec. */
  sessionSecret: string;
  links: Record<"expired" | "cancelled" | "claimed" | "processing" | "completed" | "retry", FixtureLink>;
};
