/**
 * The geometric step grid of iteration-complexity searches (DESIGN §7 `--grid min:max:ratio`; golden
 * `iteration_complexity.json` `k_grid_rule`): K_j = floor(min·ratio^j + 0.5) for j = 0, 1, … while
 * min·ratio^j ≤ max, duplicates removed (ascending).
 */
import { invalid, requirePositive } from "../errors.js";

/** Grid K_j = floor(min·ratio^j + 0.5) while min·ratio^j ≤ max; `min` ≥ 1, `max` ≥ min, `ratio` > 1. */
export function geometricGrid(min: number, max: number, ratio: number): number[] {
  requirePositive("grid.min", "the smallest step count", min);
  if (min < 1) invalid("grid.min", "the smallest step count", "a finite number >= 1", min);
  if (typeof max !== "number" || !Number.isFinite(max) || max < min) invalid("grid.max", "the largest step count", `a finite number >= grid.min = ${min}`, max);
  if (typeof ratio !== "number" || !Number.isFinite(ratio) || ratio <= 1) invalid("grid.ratio", "the grid ratio", "a finite number > 1", ratio);
  const out: number[] = [];
  for (let j = 0; ; j++) {
    const x = min * ratio ** j;
    if (x > max) break;
    const K = Math.floor(x + 0.5);
    if (out.length === 0 || out[out.length - 1] !== K) out.push(K);
  }
  return out;
}
