// The branding form's text fields → what is stored, or the first refusal naming its field. The
// logo URL is only syntax-checked here; fetching it is the server's job (fetch-logo.ts).
// Isomorphic and pure.
import { z } from "zod";
import { AppError } from "../errors/app-error";
import { EmailAddress } from "../operators/email-address";
import { normalizeHexColor } from "./contrast";

export const DISPLAY_NAME_MAX_CHARS = 80;

export type BrandingFormFields = { display_name: string; logo_url: string; accent_color: string; support_email: string };
/** Null clears a setting: the claim page then falls back to the organisation's name and the app's colours. */
export type BrandingText = { displayName: string | null; logoUrl: string | null; accentColor: string | null; supportEmail: string | null };

export function parseBrandingForm(fields: BrandingFormFields): BrandingText {
  const displayName = fields.display_name.trim().replace(/\s+/g, " ");
  if (displayName.length > DISPLAY_NAME_MAX_CHARS || /[\u0000-\u001f\u007f]/.test(displayName)) {
    throw new AppError("display_name_invalid", { param: "display_name", message: `The display name is at most ${DISPLAY_NAME_MAX_CHARS} characters, on one line.` });
  }
  const accent = fields.accent_color.trim();
  const accentColor = accent === "" ? null : normalizeHexColor(accent);
  if (accent !== "" && !accentColor) throw new AppError("color_invalid", { param: "accent_color" });
  const email = fields.support_email.trim();
  let supportEmail: string | null = null;
  if (email !== "") {
    const parsed = EmailAddress.safeParse(email);
    if (!parsed.success) throw new AppError("email_invalid", { param: "support_email", message: z.prettifyError(parsed.error).replace(/^✖ /, "").split("\n")[0] });
    supportEmail = parsed.data;
  }
  const logoUrl = fields.logo_url.trim();
  return { displayName: displayName || null, logoUrl: logoUrl || null, accentColor, supportEmail };
}
