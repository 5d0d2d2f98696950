/**
 * Orders shared by every store, so the memory store sorts exactly like SQLite.
 */
import type { ComplexityRecord, ExportRow, PointAggregate, PointRecord } from "./store.js";

/**
 * Compares strings by Unicode code point — the order of SQLite's BINARY collation on UTF-8 text. (JavaScript's `<`
 * compares UTF-16 code units, which differs for characters above U+E000 against astral ones.) Returns <0, 0, >0.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // At the first difference a surrogate stands for a code point >= U+10000, above every BMP character.
      const xs = x >= 0xd800 && x <= 0xdfff ? x + 0x10000 : x;
      const ys = y >= 0xd800 && y <= 0xdfff ? y + 0x10000 : y;
      return xs - ys;
    }
  }
  return a.length - b.length;
}

/**
 * Joins a campaign's points, aggregates and complexity rows (each already sorted by point id, complexity then by eps)
 * into export rows sorted by point id. Rows of points that are not in `points` are ignored.
 */
export function joinExportRows(
  points: readonly PointRecord[],
  aggregates: readonly PointAggregate[],
  complexity: readonly ComplexityRecord[],
): ExportRow[] {
  const rows: ExportRow[] = [];
  let a = 0;
  let c = 0;
  for (const point of points) {
    while (a < aggregates.length && compareCodePoints(aggregates[a].pointId, point.pointId) < 0) a++;
    const aggregate = a < aggregates.length && aggregates[a].pointId === point.pointId ? aggregates[a] : null;
    while (c < complexity.length && compareCodePoints(complexity[c].pointId, point.pointId) < 0) c++;
    const mine: ComplexityRecord[] = [];
    while (c < complexity.length && complexity[c].pointId === point.pointId) mine.push(complexity[c++]);
    rows.push({ point, aggregate, complexity: mine });
  }
  return rows;
}
