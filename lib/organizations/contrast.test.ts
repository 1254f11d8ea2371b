import { describe, expect, it } from "vitest";
import { contrastRatio, normalizeHexColor, readableTextColor } from "./contrast";

describe("contrast", () => {
  it("normalises hex colours and refuses anything else", () => {
    expect(normalizeHexColor("#4F46E5")).toBe("#4f46e5");
    expect(normalizeHexColor(" #abc ")).toBe("#aabbcc");
    for (const bad of ["4f46e5", "#4f46e", "#4f46e5ff", "red", "rgb(0,0,0)", "#ggg", "", "#12345g"]) expect(normalizeHexColor(bad)).toBeNull();
  });

  it("computes WCAG ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  it("picks white on dark accents and black on light ones", () => {
    expect(readableTextColor("#4f46e5")).toBe("#ffffff");
    expect(readableTextColor("#1e3a8a")).toBe("#ffffff");
    expect(readableTextColor("#facc15")).toBe("#000000");
    expect(readableTextColor("#ffffff")).toBe("#000000");
  });

  it("always reaches 4.5:1 (every 4th value of each channel)", () => {
    let worst = 21;
    for (let r = 0; r < 256; r += 4)
      for (let g = 0; g < 256; g += 4)
        for (let b = 0; b < 256; b += 4) {
          const hex = `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
          worst = Math.min(worst, contrastRatio(hex, readableTextColor(hex)));
        }
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });
});
