import type { PointSpec } from "@scoresweep/core";
import { InvalidParameterError } from "@scoresweep/core";
import { parsePoint } from "./point.js";
import { pointId } from "./point-id.js";
import { withPath } from "./object-path.js";
import { uniformDraw } from "./random-draw.js";
import type { SweepSpec } from "./spec-schema.js";

/** One point of an expanded sweep, with the axis values that made it. */
export interface ExpandedPoint {
  /** Position in expansion order (grid, then zip, then random; the first grid axis varies slowest). */
  ordinal: number;
  /** Canonical point id (see `pointId`). */
  id: string;
  /** The validated point. */
  point: PointSpec;
  /** Axis path → value for this point. */
  axes: Record<string, unknown>;
}

/** The values of one axis, in order. */
interface Axis {
  path: string;
  values: unknown[];
}

/** Materialises the `random` axes: each draws `n` values; all random axes are zipped, so their `n` must agree. */
function randomAxes(spec: SweepSpec): Axis[] {
  const entries = Object.entries(spec.random);
  const n = entries.length > 0 ? entries[0]![1].n : 0;
  return entries.map(([path, axis]) => {
    if (axis.n !== n) {
      throw new InvalidParameterError(`spec: random.${path}.n must equal the other random axes' n (${n}); got ${axis.n}`);
    }
    const values = Array.from({ length: n }, (_, i) => {
      const u = uniformDraw(spec.seed, path, i);
      if (axis.dist === "choice") return axis.values[Math.min(axis.values.length - 1, Math.floor(u * axis.values.length))];
      if (axis.high < axis.low) throw new InvalidParameterError(`spec: random.${path}.high must be >= low (${axis.low}); got ${axis.high}`);
      const x = axis.dist === "uniform" ? axis.low + u * (axis.high - axis.low) : axis.low * Math.pow(axis.high / axis.low, u);
      return axis.integer ? Math.round(x) : x;
    });
    return { path, values };
  });
}

/** Number of points the spec expands to, computed without expanding. */
export function countPoints(spec: SweepSpec): number {
  const grid = Object.values(spec.grid).reduce((n, v) => n * v.length, 1);
  const zipLens = Object.values(spec.zip).map((v) => v.length);
  const zip = zipLens.length > 0 ? zipLens[0]! : 1;
  const rnd = Object.values(spec.random);
  return grid * zip * (rnd.length > 0 ? rnd[0]!.n : 1);
}

/**
 * Expands a validated spec into its points (DESIGN §8): the cartesian product of `grid`, times the parallel lists of
 * `zip`, times the seeded draws of `random`, each written into `base` at its dotted path and validated. Errors name
 * the axis and the value index: `spec.grid.sampler.stepz[0]: sampler.stepz is not a known field`. Duplicate points
 * (two axis settings that give the same point) are an error, since they would share their results silently.
 */
export function expandSpec(spec: SweepSpec, options: { yes?: boolean } = {}): ExpandedPoint[] {
  const zipEntries = Object.entries(spec.zip);
  if (zipEntries.length > 0) {
    const len = zipEntries[0]![1].length;
    for (const [path, values] of zipEntries) {
      if (values.length !== len) throw new InvalidParameterError(`spec: zip.${path} must have the same length as zip.${zipEntries[0]![0]} (${len}); got ${values.length}`);
    }
  }
  const total = countPoints(spec);
  if (total > spec.max_points && !options.yes) {
    throw new InvalidParameterError(
      `spec: the sweep must have at most max_points = ${spec.max_points} points (raise max_points or pass --yes); got ${total}`,
    );
  }
  const gridAxes: Axis[] = Object.entries(spec.grid).map(([path, values]) => ({ path, values }));
  const zipAxes: Axis[] = zipEntries.map(([path, values]) => ({ path, values }));
  const rndAxes = randomAxes(spec);

  // Check every axis value on its own first, so an error names the axis rather than a whole combination.
  const firstValues = (axes: Axis[]) => axes.map((a) => [a.path, a.values[0]] as const);
  const allFirst = [...firstValues(gridAxes), ...firstValues(zipAxes), ...firstValues(rndAxes)];
  for (const [section, axes] of [["grid", gridAxes], ["zip", zipAxes], ["random", rndAxes]] as const) {
    for (const axis of axes) {
      axis.values.forEach((value, i) => {
        let doc: Record<string, unknown> = spec.base;
        for (const [p, v] of allFirst) doc = withPath(doc, p, p === axis.path ? value : v);
        try {
          parsePoint(doc);
        } catch (error) {
          if (error instanceof InvalidParameterError) {
            throw new InvalidParameterError(`spec.${section}.${axis.path}[${i}]: ${error.message.replace(/^point: /, "")}`, { cause: error });
          }
          throw error;
        }
      });
    }
  }

  const out: ExpandedPoint[] = [];
  const seen = new Map<string, number>();
  const gridCount = gridAxes.reduce((n, a) => n * a.values.length, 1);
  const zipCount = zipAxes.length > 0 ? zipAxes[0]!.values.length : 1;
  const rndCount = rndAxes.length > 0 ? rndAxes[0]!.values.length : 1;
  for (let g = 0; g < gridCount; g++) {
    // Mixed-radix decode of g: the last grid axis varies fastest.
    const gridIdx: number[] = new Array(gridAxes.length);
    let rem = g;
    for (let a = gridAxes.length - 1; a >= 0; a--) {
      gridIdx[a] = rem % gridAxes[a]!.values.length;
      rem = Math.floor(rem / gridAxes[a]!.values.length);
    }
    for (let z = 0; z < zipCount; z++) {
      for (let r = 0; r < rndCount; r++) {
        const axes: Record<string, unknown> = {};
        gridAxes.forEach((a, i) => (axes[a.path] = a.values[gridIdx[i]!]));
        zipAxes.forEach((a) => (axes[a.path] = a.values[z]));
        rndAxes.forEach((a) => (axes[a.path] = a.values[r]));
        let doc: Record<string, unknown> = spec.base;
        for (const [p, v] of Object.entries(axes)) doc = withPath(doc, p, v);
        const point = parsePoint(doc, `spec point #${out.length}`);
        if (point.sampler.steps === undefined && !spec.searches.complexity) {
          throw new InvalidParameterError(
            `spec point #${out.length}: sampler.steps must be set (in base or an axis) unless searches.complexity is given; got nothing`,
          );
        }
        const id = pointId(point);
        const dup = seen.get(id);
        if (dup !== undefined) {
          throw new InvalidParameterError(`spec: axes must give distinct points; points #${dup} and #${out.length} are the same (${JSON.stringify(axes)})`);
        }
        seen.set(id, out.length);
        out.push({ ordinal: out.length, id, point, axes });
      }
    }
  }
  return out;
}
