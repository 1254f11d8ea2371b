import { z } from "zod";

/** One account per address whatever the capitals or surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const EmailAddress = z
  .string()
  .trim()
  .max(254, { error: "Email addresses are at most 254 characters." })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }))
  .transform(normalizeEmail);
