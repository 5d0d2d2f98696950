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

/** `key=value` pairs for a label, with the `sde.`/`data.`… prefix kept (it disambiguates `sde.a` from `data.a`). */
export function paramLabel(flat: Record<string, ParamValue>, keys: readonly string[]): string {
  if (keys.length === 0) return "all points";
  return keys.map((k) => `${k}=${flat[k] === undefined ? "—" : String(flat[k])}`).join(", ");
}
