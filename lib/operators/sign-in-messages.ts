// Isomorphic (the sign-in form imports it). What the sign-in form says for each error string next-auth hands back (the part before any ":").
export function signInErrorMessage(error: string | undefined): string | null {
  if (!error) return null;
  const [kind, detail] = error.split(":");
  switch (kind) {
    case "RateLimited": {
      const minutes = Math.max(1, Math.ceil(Number(detail || 60) / 60));
      return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
    }
    case "NotMember":
      return "That account is not a member of any organisation here. Ask an admin for an invitation.";
    case "SessionExpired":
      return "Your session has ended. Sign in again to continue.";
    case "CredentialsSignin":
      return "The email or password is wrong.";
    default:
      // OAuth failures and anything unexpected: no detail that could help guess accounts.
      return "Sign-in did not work. Check the email and password, or try again.";
  }
}
