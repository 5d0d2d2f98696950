import { CliError } from "./cli-error.js";

/** Parses a comma-separated list of finite positive numbers for `option` (`--eps 0.5,0.2,0.1`). */
export function parsePositiveList(option: string, value: string): number[] {
  const items = value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const nums = items.map(Number);
  if (items.length === 0 || nums.some((x) => !Number.isFinite(x) || x <= 0)) {
    throw new CliError(`${option}: must be a comma-separated list of numbers > 0; got ${JSON.stringify(value)}`);
  }
  return nums;
}

/** Parses an integer option within [min, max]. */
export function parseIntegerOption(option: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\s*[+-]?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`${option}: must be an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`}; got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Parses a finite number option (`--reg 0.05`). */
export function parseNumberOption(option: string, value: string, constraint: { min?: number; positive?: boolean } = {}): number {
  const n = Number(value);
  const ok = value.trim() !== "" && Number.isFinite(n) && (constraint.positive ? n > 0 : true) && (constraint.min === undefined || n >= constraint.min);
  if (!ok) {
    const what = constraint.positive ? "a number > 0" : constraint.min !== undefined ? `a number >= ${constraint.min}` : "a finite number";
    throw new CliError(`${option}: must be ${what}; got ${JSON.stringify(value)}`);
  }
  return n;
}
