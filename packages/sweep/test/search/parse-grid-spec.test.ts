import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "@scoresweep/core";
import { DEFAULT_GRID_SPEC, parseGridSpec } from "../../src/search/parse-grid-spec.js";
import { loadGolden } from "../../../core/test/golden.js";

describe("parseGridSpec", () => {
  it("parseGridSpec: the default spec is the golden k_grid (48 values, 2..89683)", () => {
    const grid = parseGridSpec(DEFAULT_GRID_SPEC);
    for (const c of loadGolden("iteration_complexity.json").cases) expect(grid).toEqual(c.inputs.k_grid);
    expect(grid.length).toBe(48);
  });
  it("parseGridSpec: decimals, exponents and spaces around the numbers", () => {
    expect(parseGridSpec("1:10:1.1")).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(parseGridSpec(" 2 : 1e2 : 2 ")).toEqual([2, 4, 8, 16, 32, 64]);
    expect(parseGridSpec("5:5:2")).toEqual([5]);
  });
  it("parseGridSpec: malformed strings are rejected naming the field", () => {
    for (const bad of ["", "2:100", "2:100:1.25:3", "a:b:c", "2;100;1.25", "-2:100:1.25", "2:100:"]) {
      expect(() => parseGridSpec(bad), JSON.stringify(bad)).toThrow(/^grid: the step grid must be MIN:MAX:RATIO/);
    }
    expect(() => parseGridSpec(12 as never)).toThrow(InvalidParameterError);
    expect(() => parseGridSpec("x", "searches.complexity.grid")).toThrow(/^searches\.complexity\.grid: /);
  });
  it("parseGridSpec: out-of-domain values are rejected by geometricGrid with their part's name", () => {
    expect(() => parseGridSpec("0:10:2")).toThrow(/^grid\.min: /);
    expect(() => parseGridSpec("10:5:2")).toThrow(/^grid\.max: /);
    expect(() => parseGridSpec("2:10:1")).toThrow(/^grid\.ratio: /);
  });
});
