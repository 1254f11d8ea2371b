// The dashboard's navigation, shared by the nav (a client component) and the settings index.
export const DASHBOARD_NAV = [
  { href: "/dashboard", label: "Overview", exact: true },
  { href: "/dashboard/links", label: "Links", exact: true },
  { href: "/dashboard/links/new", label: "New link", exact: true },
  { href: "/dashboard/links/bulk", label: "Bulk", exact: true },
  { href: "/dashboard/settings", label: "Settings", exact: false },
] as const;

export const SETTINGS_PAGES = [
  { href: "/dashboard/settings/api-keys", label: "API keys", description: "Create and revoke keys for the API and SDK." },
  { href: "/dashboard/settings/webhooks", label: "Webhooks", description: "Endpoints, signing secrets and delivery logs." },
  { href: "/dashboard/settings/members", label: "Members", description: "Who can sign in, with which role; invitations." },
  { href: "/dashboard/settings/branding", label: "Branding", description: "How your name appears on the claim page." },
  { href: "/dashboard/settings/limits", label: "Limits", description: "Per-link cap, default link lifetime, recipient dedupe, name-match minimum." },
  { href: "/dashboard/settings/funding", label: "Funding", description: "Funding bank account, deposits, balance and ledger history." },
] as const;
