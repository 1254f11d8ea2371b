// What a claimant is told when Plaid Link ends in an error: our own words for the codes a claimant
// can act on (they say what to do next, in this flow's terms), else Plaid's display_message (written
// for end users), else a generic message.

export type LinkProblem = { message: string; /** A new link token is needed before trying again. */ renewToken: boolean };

type PlaidLikeError = { error_type?: string; error_code?: string; display_message?: string | null } | null;

const BY_CODE: Record<string, string> = {
  INVALID_CREDENTIALS: "The username or password was not accepted by your bank. Check them and try again.",
  INVALID_MFA: "The security code was not accepted by your bank. Try again.",
  ITEM_LOCKED: "Your bank has locked online access to this account after too many attempts. Unlock it with your bank, then try again.",
  ITEM_NOT_SUPPORTED: "This account can't be connected for payouts. Try another account or another bank.",
  NO_ACCOUNTS: "We couldn't find an account we can pay into at this bank. Try another bank.",
  NO_AUTH_ACCOUNTS: "We couldn't find a checking or savings account we can pay into at this bank. Try another account or bank.",
  INSTITUTION_DOWN: "Your bank isn't responding right now. Try again in a few minutes, or choose another bank.",
  INSTITUTION_NOT_RESPONDING: "Your bank isn't responding right now. Try again in a few minutes, or choose another bank.",
  INSTITUTION_NOT_AVAILABLE: "Your bank isn't available right now. Try again later, or choose another bank.",
  INSTITUTION_NO_LONGER_SUPPORTED: "This bank can no longer be connected. Choose another bank.",
  USER_SETUP_REQUIRED: "Your bank needs you to finish setting up online banking first. Do that, then try again.",
  INVALID_LINK_TOKEN: "The bank connection timed out. Try again.",
  RATE_LIMIT_EXCEEDED: "There have been too many attempts. Wait a minute and try again.",
};

export function describeLinkError(error: PlaidLikeError): LinkProblem {
  if (!error) {
    return { message: "You closed the bank connection before it finished. Connect your bank to continue.", renewToken: false };
  }
  const code = error.error_code ?? "";
  const renewToken = code === "INVALID_LINK_TOKEN" || error.error_type === "INVALID_REQUEST";
  const message =
    BY_CODE[code] ||
    (error.error_type === "RATE_LIMIT_EXCEEDED" ? BY_CODE.RATE_LIMIT_EXCEEDED : null) ||
    error.display_message ||
    (error.error_type === "INSTITUTION_ERROR" ? BY_CODE.INSTITUTION_NOT_RESPONDING : null) ||
    "Something went wrong while connecting your bank. Try again.";
  return { message, renewToken };
}
