import { describe, expect, it } from "vitest";

import { cell, toCsv } from "./csv";

describe("CSV downloads", () => {
  it("neutralises what a spreadsheet would run as a formula", () => {
    expect(cell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(cell("+49 30 1234")).toBe("'+49 30 1234");
    expect(cell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(cell(-12.5)).toBe("-12.5"); // a number is a number
    expect(cell("Müller GmbH")).toBe("Müller GmbH");
  });

  it("writes a header and one line per row, empty for missing values", () => {
    expect(toCsv(["name", "clv"], [{ name: "A, B", clv: 10 }, { name: "C" }])).toBe('name,clv\r\n"A, B",10\r\nC,\r\n');
  });
});
