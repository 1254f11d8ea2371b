// The claimant's name and email rules, without zod, so the claim page's browser bundle stays small
// (zod would add ~25 KB gzip). The single source: ClaimantName and ClaimantEmail in ./schemas.ts
// wrap these functions for the server, the types and the OpenAPI document.

export const CLAIMANT_NAME_MAX = 200;
export const CLAIMANT_EMAIL_MAX = 254;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The first problem with a name, as ClaimantName words it; null when it is acceptable. */
export function claimantNameError(value: string): string | null {
  const name = value.trim();
  if (name.length < 1) return "Enter your full name.";
  if (name.length > CLAIMANT_NAME_MAX) return `Your name must be at most ${CLAIMANT_NAME_MAX} characters.`;
  if (CONTROL_CHARACTERS.test(name)) return "Your name contains characters that are not allowed.";
  return null;
}

/** The first problem with an email address, as ClaimantEmail words it; null when it is acceptable. */
export function claimantEmailError(value: string): string | null {
  const email = value.trim();
  if (email.length > CLAIMANT_EMAIL_MAX) return "That email address is too long.";
  if (!EMAIL_PATTERN.test(email)) return "Enter a valid email address, like name@example.com.";
  return null;
}
