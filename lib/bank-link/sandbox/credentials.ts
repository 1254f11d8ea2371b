// The API keys the built-in sandbox bank accepts. They are placeholders, not secrets: the sandbox
// holds no real data and moves no money, and they are checked only so that the client is exercised
// the way real Plaid exercises it (a wrong pair answers INVALID_API_KEYS).
export const SANDBOX_BANK_CLIENT_ID = "payout-links-sandbox-bank";
export const SANDBOX_BANK_SECRET = "sandbox-secret-no-real-money";
