import { describe, expect, it } from "vitest";
import { formatDate, formatEuro, formatFileSize, formatNumber, formatQuarter } from "../../src/format/dutch.ts";

describe("Dutch formatting", () => {
  it("groups thousands with dots and keeps the minus sign", () => {
    expect(formatNumber(1069000)).toBe("1.069.000");
    expect(formatNumber(-640251)).toBe("-640.251");
    expect(formatNumber(2.5)).toBe("2,5");
  });

  it("writes amounts in euro with a comma for cents", () => {
    expect(formatEuro(6961.3)).toBe("€ 6.961,30");
    expect(formatEuro(3925000)).toBe("€ 3.925.000");
    expect(formatEuro(115000, true)).toBe("€ 115.000,00");
  });

  it("writes dates and quarters in words", () => {
    expect(formatDate("2022-04-01")).toBe("1 april 2022");
    expect(formatDate("2018-09-17")).toBe("17 september 2018");
    expect(formatQuarter("2022-Q2")).toBe("2e kwartaal 2022");
  });

  it("writes file sizes", () => {
    expect(formatFileSize(84_210)).toBe("84 kB");
    expect(formatFileSize(1_250_000)).toBe("1,3 MB");
  });
});
