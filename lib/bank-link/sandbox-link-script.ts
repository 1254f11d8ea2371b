// Where the claim page gets Plaid Link. With the built-in sandbox bank the page renders a
// non-executing placeholder tag with Plaid's URL (react-plaid-link then finds "its" script already
// in the page and does not fetch it) and runs the sandbox script, which defines `window.Plaid`.

/** The sandbox Link script, served from public/. Defines `window.Plaid` like Plaid's script. */
export const SANDBOX_LINK_SCRIPT_PATH = "/sandbox-link/link-initialize.js";

/** Plaid's own Link script; react-plaid-link hard-codes this URL. */
export const PLAID_LINK_SCRIPT_URL = "https://cdn.plaid.com/link/v2/stable/link-initialize.js";
