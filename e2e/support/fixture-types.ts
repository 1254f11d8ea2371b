export type FixtureLink = { token: string; url: string; amount: number };

export type E2EFixtures = {
  organizationName: string;
  apiKey: string;
  links: Record<"expired" | "cancelled" | "claimed" | "processing" | "completed" | "retry", FixtureLink>;
};
