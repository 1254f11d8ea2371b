// WCAG 2.x contrast, for the claim page's branded button: the organisation chooses the background
// colour, we choose the text colour. Isomorphic.

/** "#rgb" or "#rrggbb" (any case) → "#rrggbb" lower-case, or null when it is not a hex colour. */
export function normalizeHexColor(input: string): string | null {
  const text = input.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(text);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  return /^#[0-9a-f]{6}$/.test(text) ? text : null;
}

function channel(hex: string, offset: number): number {
  const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a "#rrggbb" colour (0 black … 1 white). */
export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** Contrast ratio of two "#rrggbb" colours, 1 … 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour for a button filled with `background`: white or black, whichever contrasts more.
 * One of the two always reaches at least 4.58:1 (the worst case is a mid-grey), so every accent an
 * organisation picks gets text that meets WCAG AA for normal text; no accent has to be refused.
 */
export function readableTextColor(background: string): "#ffffff" | "#000000" {
  return contrastRatio(background, "#ffffff") >= contrastRatio(background, "#000000") ? "#ffffff" : "#000000";
}
