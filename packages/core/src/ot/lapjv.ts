/**
 * Dense linear assignment by the shortest-augmenting-path method of Jonker & Volgenant, "A shortest augmenting
 * path algorithm for dense and sparse linear assignment problems", Computing 38 (1987) 325–340 (LAPJV). Phases, as
 * in the paper: column reduction with reduction transfer, two rounds of augmenting row reduction (auction-like
 * moves that assign most rows cheaply), then a Dijkstra-type shortest augmenting path for each remaining free row
 * on reduced costs c_ij − v_j, with the column potentials v updated after each augmentation. O(n³) worst case;
 * on random Euclidean costs most rows are settled by the first phases and the paths are short.
 *
 * The layout of the phases follows the widely used C implementation by Tomas Kazmar (gatagat/lap, BSD), rewritten
 * over one flat Float64Array and preallocated Int32Array scratch (no allocation inside the phases).
 */

/** Scratch and result arrays for {@link lapjvImpl}; all of length n. */
export interface LapjvWork {
  /** Row → assigned column (the result). */
  readonly rowToCol: Int32Array;
  /** Column → assigned row. */
  readonly colToRow: Int32Array;
  /** Column potentials v_j (dual variables, cost units). */
  readonly v: Float64Array;
  /** Free-row list. */
  readonly freeRows: Int32Array;
  /** Column order / SCAN-TODO partition of the shortest-path search. */
  readonly cols: Int32Array;
  /** Shortest-path predecessor row of each column. */
  readonly pred: Int32Array;
  /** Shortest-path distance label of each column. */
  readonly dist: Float64Array;
}

/** Allocates the work arrays of {@link lapjvImpl} for an n×n problem (about 36·n bytes). */
export function createLapjvWork(n: number): LapjvWork {
  return {
    rowToCol: new Int32Array(n),
    colToRow: new Int32Array(n),
    v: new Float64Array(n),
    freeRows: new Int32Array(n),
    cols: new Int32Array(n),
    pred: new Int32Array(n),
    dist: new Float64Array(n),
  };
}

/**
 * Column reduction and reduction transfer (JV 1987, procedures COLUMN REDUCTION and REDUCTION TRANSFER): each
 * column goes to its cheapest row; rows that received one column get their reduction transferred to the column
 * potential. Returns the number of free rows (written to `freeRows`).
 */
function columnReduction(n: number, cost: Float64Array, w: LapjvWork): number {
  const { rowToCol: x, colToRow: y, v, freeRows } = w;
  const unique = w.pred; // reused as a 0/1 flag array during this phase
  for (let j = 0; j < n; j++) {
    v[j] = Infinity;
    y[j] = 0;
  }
  for (let i = 0; i < n; i++) {
    x[i] = -1;
    unique[i] = 1;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const c = cost[row + j];
      if (c < v[j]) {
        v[j] = c;
        y[j] = i;
      }
    }
  }
  for (let j = n - 1; j >= 0; j--) {
    const i = y[j];
    if (x[i] < 0) x[i] = j;
    else {
      unique[i] = 0;
      y[j] = -1;
    }
  }
  let nFree = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] < 0) freeRows[nFree++] = i;
    else if (unique[i] === 1) {
      const j = x[i];
      let min = Infinity;
      const row = i * n;
      for (let j2 = 0; j2 < n; j2++) {
        if (j2 === j) continue;
        const c = cost[row + j2] - v[j2];
        if (c < min) min = c;
      }
      if (min < Infinity) v[j] -= min;
    }
  }
  return nFree;
}

/**
 * Row moves allowed per augmenting-row-reduction round, in units of n. Without a budget the round can take
 * O(n²) moves on Euclidean costs (measured: 60 ms of 65 at n = 1000, d = 10); with 4n moves then shortest paths
 * the whole solve takes about a third of that (scripts/bench/ot.ts).
 */
const ARR_BUDGET = 4;

/**
 * Augmenting row reduction (JV 1987, procedure AUGMENTING ROW REDUCTION): a free row takes its best column,
 * lowering that column's potential by the gap to its second best, and evicts the previous owner, which becomes
 * free. Returns the new number of free rows.
 */
function augmentingRowReduction(n: number, cost: Float64Array, nFree: number, w: LapjvWork): number {
  const { rowToCol: x, colToRow: y, v, freeRows } = w;
  let current = 0;
  let newFree = 0;
  let rrCount = 0;
  while (current < nFree) {
    if (rrCount >= ARR_BUDGET * n) {
      // Budget spent: near-ties make these moves an auction with tiny bids ("price war"); the shortest-path phase
      // settles the remaining rows faster. Keep every still-free row.
      let k = newFree;
      for (let c = current; c < nFree; c++) freeRows[k++] = freeRows[c];
      return k;
    }
    rrCount++;
    const freeI = freeRows[current++];
    const row = freeI * n;
    let j1 = 0;
    let v1 = cost[row] - v[0];
    let j2 = -1;
    let v2 = Infinity;
    for (let j = 1; j < n; j++) {
      const c = cost[row + j] - v[j];
      if (c < v2) {
        if (c >= v1) {
          v2 = c;
          j2 = j;
        } else {
          v2 = v1;
          v1 = c;
          j2 = j1;
          j1 = j;
        }
      }
    }
    let i0 = y[j1];
    const v1New = v[j1] - (v2 - v1);
    const v1Lowers = v1New < v[j1];
    if (rrCount < current * n) {
      if (v1Lowers) v[j1] = v1New;
      else if (i0 >= 0 && j2 >= 0) {
        j1 = j2;
        i0 = y[j2];
      }
      if (i0 >= 0) {
        if (v1Lowers) freeRows[--current] = i0;
        else freeRows[newFree++] = i0;
      }
    } else if (i0 >= 0) {
      freeRows[newFree++] = i0;
    }
    x[freeI] = j1;
    y[j1] = freeI;
  }
  return newFree;
}

/**
 * Shortest augmenting path from free row `startI` on the reduced costs (JV 1987, procedure AUGMENTATION, dense
 * Dijkstra with the SCAN/TODO column partition). Updates the potentials of the settled columns and returns the
 * free column that ends the path (predecessors in `pred`).
 */
function findPath(n: number, cost: Float64Array, startI: number, w: LapjvWork): number {
  const { colToRow: y, v, cols, pred, dist: d } = w;
  let lo = 0;
  let hi = 0;
  let finalJ = -1;
  let nReady = 0;
  const startRow = startI * n;
  for (let j = 0; j < n; j++) {
    cols[j] = j;
    pred[j] = startI;
    d[j] = cost[startRow + j] - v[j];
  }
  while (finalJ === -1) {
    if (lo === hi) {
      // Move the columns at the minimum distance to the SCAN list cols[lo..hi).
      nReady = lo;
      hi = lo + 1;
      let mind = d[cols[lo]];
      for (let k = hi; k < n; k++) {
        const j = cols[k];
        const dj = d[j];
        if (dj <= mind) {
          if (dj < mind) {
            hi = lo;
            mind = dj;
          }
          cols[k] = cols[hi];
          cols[hi++] = j;
        }
      }
      for (let k = lo; k < hi; k++) {
        if (y[cols[k]] < 0) {
          finalJ = cols[k];
          break;
        }
      }
    }
    if (finalJ === -1) {
      // Scan the rows assigned to the SCAN columns, relaxing the TODO columns.
      scan: while (lo !== hi) {
        const js = cols[lo++];
        const i = y[js];
        const mind = d[js];
        const row = i * n;
        const h = cost[row + js] - v[js] - mind;
        for (let k = hi; k < n; k++) {
          const j = cols[k];
          const cred = cost[row + j] - v[j] - h;
          if (cred < d[j]) {
            d[j] = cred;
            pred[j] = i;
            if (cred === mind) {
              if (y[j] < 0) {
                finalJ = j;
                break scan;
              }
              cols[k] = cols[hi];
              cols[hi++] = j;
            }
          }
        }
      }
    }
  }
  // Length of the shortest augmenting path: the label of the free column reached (equal to the current SCAN level).
  const mind = d[finalJ];
  for (let k = 0; k < nReady; k++) {
    const j = cols[k];
    v[j] += d[j] - mind;
  }
  return finalJ;
}

/**
 * Kernel: solves min_σ Σ_i cost[i*n + σ(i)] over permutations σ for a dense n×n cost matrix (finite entries).
 * Writes σ to `w.rowToCol` (and σ⁻¹ to `w.colToRow`) and returns `w.rowToCol`.
 */
export function lapjvImpl(n: number, cost: Float64Array, w: LapjvWork): Int32Array {
  const { rowToCol: x, colToRow: y, freeRows, pred } = w;
  if (n === 1) {
    x[0] = 0;
    y[0] = 0;
    return x;
  }
  let nFree = columnReduction(n, cost, w);
  for (let round = 0; round < 2 && nFree > 0; round++) nFree = augmentingRowReduction(n, cost, nFree, w);
  for (let f = 0; f < nFree; f++) {
    const freeI = freeRows[f];
    let j = findPath(n, cost, freeI, w);
    // Augment: flip the assignment along the path back to the free row.
    for (;;) {
      const i = pred[j];
      y[j] = i;
      const prev = x[i];
      x[i] = j;
      if (i === freeI) break;
      j = prev;
    }
  }
  return x;
}
