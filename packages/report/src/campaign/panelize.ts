/**
 * Splitting many curves into several plots: a plot with more than a handful of curves is unreadable, so curves are
 * grouped into panels by one of the varying parameters.
 */
import type { ParamValue } from "./flatten-params.js";

/** Something keyed by flattened parameter values. */
export interface Keyed {
  flat: Record<string, ParamValue>;
}

/**
 * The key to split `items` into panels by, or null when they fit one panel (≤ `maxPerPanel`). Prefers the key whose
 * panels all hold ≤ `maxPerPanel` items with the fewest panels; if none does, the key with the smallest largest
 * panel (ties: the earlier key).
 */
export function choosePanelKey(items: readonly Keyed[], keys: readonly string[], maxPerPanel: number): string | null {
  if (items.length <= maxPerPanel || keys.length === 0) return null;
  let best: { key: string; fits: boolean; panels: number; largest: number } | null = null;
  for (const key of keys) {
    const counts = new Map<string, number>();
    for (const it of items) {
      const v = JSON.stringify(it.flat[key] ?? null);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    if (counts.size < 2) continue;
    const largest = Math.max(...counts.values());
    const cand = { key, fits: largest <= maxPerPanel, panels: counts.size, largest };
    if (
      !best ||
      (cand.fits && !best.fits) ||
      (cand.fits && best.fits && cand.panels < best.panels) ||
      (!cand.fits && !best.fits && cand.largest < best.largest)
    ) {
      best = cand;
    }
  }
  return best?.key ?? null;
}

/** Groups items by the value of `key` (one group of everything when key is null), in first-seen order. */
export function groupBy<T extends Keyed>(items: readonly T[], key: string | null): { value: ParamValue | undefined; items: T[] }[] {
  if (key === null) return [{ value: undefined, items: [...items] }];
  const groups = new Map<string, { value: ParamValue | undefined; items: T[] }>();
  for (const it of items) {
    const id = JSON.stringify(it.flat[key] ?? null);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { value: it.flat[key], items: [] }));
    g.items.push(it);
  }
  return [...groups.values()];
}
