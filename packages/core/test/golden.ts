import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Directory of the shared golden vectors: `<repo>/../shared/golden` (never copied into the repo). */
export const GOLDEN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../shared/golden");

/** Reads and parses one golden file by name, e.g. `loadGolden("schedules.json")`. */
export function loadGolden<T = any>(name: string): T {
  return JSON.parse(readFileSync(resolve(GOLDEN_DIR, name), "utf8")) as T;
}

/** numpy.isclose rule used by every golden case. */
export function isClose(got: number, expected: number, rtol: number, atol: number): boolean {
  return Math.abs(got - expected) <= atol + rtol * Math.abs(expected);
}

/**
 * Asserts got ≈ expected (scalar or nested arrays) under the case tolerance; the error names the case, the field,
 * the index, got, expected, the difference and the tolerance.
 */
export function expectClose(
  caseId: string,
  field: string,
  got: unknown,
  expected: unknown,
  tol: { rtol: number; atol: number },
): void {
  const walk = (g: unknown, e: unknown, where: string): void => {
    if (Array.isArray(e) || ArrayBuffer.isView(e)) {
      const ea = e as ArrayLike<unknown>;
      const ga = g as ArrayLike<unknown>;
      if (ga == null || ga.length !== ea.length) {
        throw new Error(`${caseId} ${where}: length ${ga == null ? "missing" : ga.length} != expected ${ea.length}`);
      }
      for (let i = 0; i < ea.length; i++) walk(ga[i], ea[i], `${where}[${i}]`);
      return;
    }
    const gv = g as number;
    const ev = e as number;
    if (typeof gv !== "number" || !isClose(gv, ev, tol.rtol, tol.atol)) {
      const diff = typeof gv === "number" ? Math.abs(gv - ev) : NaN;
      throw new Error(
        `${caseId} ${where}: got ${gv}, expected ${ev}, |diff| ${diff}, tolerance ${tol.atol} + ${tol.rtol}*|expected| = ${tol.atol + tol.rtol * Math.abs(ev)}`,
      );
    }
  };
  walk(got, expected, field);
}
