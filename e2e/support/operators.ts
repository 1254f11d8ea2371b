// Dashboard users the e2e seed creates (e2e/support/seed.ts), with their passwords. Test-only: the
// app's own seed never has fixed passwords (the demo operator's is random).
export type E2EOperator = { email: string; password: string; name: string };

export const E2E_OPERATORS = {
  admin: { email: "ada.admin@acme.test", password: "admin-password-e2e-1", name: "Ada Admin" },
  operator: { email: "otto.operator@acme.test", password: "operator-password-e2e-1", name: "Otto Operator" },
  viewer: { email: "vera.viewer@acme.test", password: "viewer-password-e2e-1", name: "Vera Viewer" },
  /** Only for the rate-limit spec: its attempts would lock the others out. */
  rateLimited: { email: "rita.ratelimit@acme.test", password: "ratelimit-password-e2e-1", name: "Rita Ratelimit" },
  /** Admin of the second organisation only. */
  otherOrgAdmin: { email: "bob.admin@globex.test", password: "globex-password-e2e-1", name: "Bob Globex" },
  /** A member of both organisations (admin in the second), for the organisation switcher. */
  twoOrgs: { email: "tess.two@acme.test", password: "two-orgs-password-e2e-1", name: "Tess Two" },
} as const satisfies Record<string, E2EOperator>;

export const E2E_OTHER_ORGANIZATION_NAME = "Globex Payouts";
