import { describe, expect, it } from "vitest";
import { parseBrandingForm } from "./branding-form";
import { checkLogoUrl } from "./fetch-logo";
import { mediaType, sniffLogo } from "./logo-image";

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe("logo images", () => {
  it("recognises PNG, JPEG, GIF and WebP by their first bytes", () => {
    expect(sniffLogo(bytes([0x89], "PNG\r\n\x1a\n", [0, 0]))).toBe("image/png");
    expect(sniffLogo(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffLogo(bytes("GIF89a", [1, 0]))).toBe("image/gif");
    expect(sniffLogo(bytes("GIF87a"))).toBe("image/gif");
    expect(sniffLogo(bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 "))).toBe("image/webp");
  });

  it("refuses SVG, HTML, truncated and other bytes", () => {
    expect(sniffLogo(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffLogo(bytes("<!DOCTYPE html><html>"))).toBeNull();
    expect(sniffLogo(bytes([0x89], "PN"))).toBeNull();
    expect(sniffLogo(bytes("RIFF", [0, 0, 0, 0], "WAVE"))).toBeNull();
    expect(sniffLogo(new Uint8Array())).toBeNull();
  });

  it("normalises media types", () => {
    expect(mediaType("image/PNG; charset=binary")).toBe("image/png");
    expect(mediaType("image/jpg")).toBe("image/jpeg");
    expect(mediaType(undefined)).toBe("");
  });
});

describe("logo URLs", () => {
  it("accepts https only, without credentials", () => {
    expect(checkLogoUrl("https://cdn.example.com/logo.png", false).hostname).toBe("cdn.example.com");
    for (const bad of ["http://cdn.example.com/logo.png", "ftp://x/logo.png", "data:image/png;base64,AAAA", "javascript:alert(1)", "logo.png", "https://user:pw@cdn.example.com/l.png"]) {
      expect(() => checkLogoUrl(bad, false), bad).toThrow(expect.objectContaining({ code: "logo_invalid", param: "logo_url" }));
    }
  });

  it("refuses loopback, private and link-local literals unless private addresses are allowed", () => {
    for (const host of ["127.0.0.1", "10.1.2.3", "169.254.169.254", "[::1]", "localhost", "192.168.0.10"]) {
      expect(() => checkLogoUrl(`https://${host}/logo.png`, false), host).toThrow(expect.objectContaining({ code: "logo_invalid" }));
      expect(checkLogoUrl(`https://${host}/logo.png`, true).protocol).toBe("https:");
    }
    // Even in development a logo is fetched over https.
    expect(() => checkLogoUrl("http://127.0.0.1/logo.png", true)).toThrow(expect.objectContaining({ code: "logo_invalid" }));
  });
});

describe("parseBrandingForm", () => {
  const empty = { display_name: "", logo_url: "", accent_color: "", support_email: "" };
  it("normalises and clears", () => {
    expect(parseBrandingForm(empty)).toEqual({ displayName: null, logoUrl: null, accentColor: null, supportEmail: null });
    expect(parseBrandingForm({ display_name: "  Acme   Rewards ", logo_url: " https://x.test/l.png ", accent_color: "#ABC", support_email: " Help@Acme.TEST " })).toEqual({
      displayName: "Acme Rewards",
      logoUrl: "https://x.test/l.png",
      accentColor: "#aabbcc",
      supportEmail: "help@acme.test",
    });
  });
  it.each([
    [{ display_name: "x".repeat(81) }, "display_name_invalid", "display_name"],
    [{ display_name: "bell\u0007" }, "display_name_invalid", "display_name"],
    [{ accent_color: "red" }, "color_invalid", "accent_color"],
    [{ accent_color: "#12345" }, "color_invalid", "accent_color"],
    [{ support_email: "not-an-email" }, "email_invalid", "support_email"],
  ])("%j → %s on %s", (over, code, param) => {
    expect(() => parseBrandingForm({ ...empty, ...over })).toThrow(expect.objectContaining({ code, param }));
  });
});
