/** A flattened parameter value: scalars as they are, arrays as JSON text (so they compare and print as one value). */
export type ParamValue = string | number | boolean | null;

/** The spec's section order, so tables and labels read sde → data → score → sampler → metric → mc. */
const SECTION_ORDER = ["sde", "data", "score", "sampler", "metric", "mc"];

/** Sort rank of a dotted key: its section's position, then the key itself. */
export function compareParamKeys(a: string, b: string): number {
  const ra = SECTION_ORDER.indexOf(a.split(".")[0]!);
  const rb = SECTION_ORDER.indexOf(b.split(".")[0]!);
  const sa = ra < 0 ? SECTION_ORDER.length : ra;
  const sb = rb < 0 ? SECTION_ORDER.length : rb;
  if (sa !== sb) return sa - sb;
  if (a === b) return 0;
  // `sde.family` first within its section: it names what the other sde parameters mean.
  if (a === "sde.family") return -1;
  if (b === "sde.family") return 1;
  return a < b ? -1 : 1;
}

/** Flattens a point (parsed JSON) to dotted keys, as the CSV export does: `{ sde: { T: 1 } }` → `{ "sde.T": 1 }`. */
export function flattenParams(value: unknown, prefix = "", out: Record<string, ParamValue> = {}): Record<string, ParamValue> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const key of Object.keys(value as object).sort()) flattenParams((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = Array.isArray(value) ? JSON.stringify(value) : (value as ParamValue);
  }
  return out;
}

/** The keys whose values differ between some of the given flattened points (a missing key counts as a value), in spec order. */
export function varyingKeys(points: readonly Record<string, ParamValue>[]): string[] {
  const keys = new Set<string>();
  for (const p of points) for (const k of Object.keys(p)) keys.add(k);
  const out: string[] = [];
  for (const k of keys) {
    const first = points[0]?.[k];
    if (points.some((p) => p[k] !== first)) out.push(k);
  }
  return out.sort(compareParamKeys);
}

/** Keys whose value names itself (`vp_linear`, `em_point`, `p0`): shown without `key=`. */
const SELF_NAMING = /\.(family|kind|scheme|estimator|target)$/;

/**
 * A short label of a point's values at `keys`: self-naming values bare (`vp_linear`), others as `name=value` with
 * the last path segment as name when that is unambiguous among `keys` (`beta_max=20`), else the full dotted key;
 * keys the point does not have (another family's parameters) are left out.
 */
export function paramLabel(flat: Record<string, ParamValue>, keys: readonly string[]): string {
  const shown = keys.filter((k) => flat[k] !== undefined && flat[k] !== null);
  if (shown.length === 0) return "all points";
  const last = (k: string) => k.slice(k.lastIndexOf(".") + 1);
  const count = new Map<string, number>();
  for (const k of keys) count.set(last(k), (count.get(last(k)) ?? 0) + 1);
  return shown
    .map((k) => (SELF_NAMING.test(k) ? String(flat[k]) : `${count.get(last(k))! > 1 ? k : last(k)}=${String(flat[k])}`))
    .join(", ");
}
