/**
 * Dense linear assignment by the shortest-augmenting-path method of Jonker & Volgenant, "A shortest augmenting
 * path algorithm for dense and sparse linear assignment problems", Computing 38 (1987) 325–340 (LAPJV), with an
 * auction warm start for the column potentials. Phases:
 * 1. dual warm start: ε-scaling auction prices ({@link auctionPrices}), every row placed at its cheapest column
 *    where still free — or, if the auction is abandoned, JV's column reduction with reduction transfer;
 * 2. augmenting row reduction in budgeted rounds (auction-like moves that settle most remaining rows cheaply);
 * 3. for each remaining free row, a Dijkstra-type shortest augmenting path on the reduced costs c_ij − v_j, with
 *    the column potentials v updated after each augmentation.
 * Phase 3 alone is exact from any dual-feasible state, so the result is an exact optimum (to floating-point
 * comparisons of the reduced costs). O(n³) worst case; on Euclidean costs the paths are short.
 *
 * The phases of the original code follow the widely used C implementation by Tomas Kazmar (gatagat/lap, BSD),
 * rewritten over one flat Float64Array and preallocated Int32Array scratch (no allocation inside the phases); the
 * shortest-path search keeps its TODO list compacted in column order (see {@link findPath}), and its final
 * potential update uses the label of the free column reached (the original reads d[cols[lo]], which is not the
 * path length when the free column is found while scanning the last SCAN column — that mis-update broke
 * optimality on about half of our random 64-point Euclidean instances).
 */

/** Scratch and result arrays for {@link lapjvImpl}; all of length n. */
export interface LapjvWork {
  /** Row → assigned column (the result). The auction uses `colToRow` as column owners and `freeRows` as its queue. */
  readonly rowToCol: Int32Array;
  /** Column → assigned row. */
  readonly colToRow: Int32Array;
  /** Column potentials v_j (dual variables, cost units). */
  readonly v: Float64Array;
  /** Free-row list. */
  readonly freeRows: Int32Array;
  /** TODO list of the shortest-path search: unlabelled columns, ascending. */
  readonly cols: Int32Array;
  /** SCAN/READY list of the shortest-path search: columns whose distance is final, in labelling order. */
  readonly scan: Int32Array;
  /** Shortest-path predecessor row of each column. */
  readonly pred: Int32Array;
  /** Shortest-path distance label of each column. */
  readonly dist: Float64Array;
}

/** Allocates the work arrays of {@link lapjvImpl} for an n×n problem (about 40·n bytes). */
export function createLapjvWork(n: number): LapjvWork {
  return {
    rowToCol: new Int32Array(n),
    colToRow: new Int32Array(n),
    v: new Float64Array(n),
    freeRows: new Int32Array(n),
    cols: new Int32Array(n),
    scan: new Int32Array(n),
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

/** First auction ε relative to the mean cost, the ratio between phases, and the last ε relative to the mean cost. */
const AUCTION_EPS_START = 0.25;
const AUCTION_EPS_RATIO = 8;
const AUCTION_EPS_END = 1e-6;
/** Bids allowed per auction phase, in units of n; beyond it the auction is abandoned (JV starts from scratch). */
const AUCTION_BID_BUDGET = 64;

/**
 * Dual warm start by the ε-scaling forward auction (Bertsekas, "The auction algorithm: a distributed relaxation
 * method for the assignment problem", Ann. Oper. Res. 14 (1988); ε-scaling: Bertsekas & Eckstein, Math. Program.
 * 42 (1988)). Rows bid for their cheapest column at price p_j = −v_j, raising it by the gap to their second best
 * plus ε; phases with ε = mean C·(¼, ⅛·¼, …, 1e-6) leave prices within about nε of optimal duals. Only the prices
 * are kept: JV then assigns every row to its cheapest column at these prices where that column is still free
 * (dual feasible, complementary slack) and finishes exactly, so the result is exact whatever ε. Why: JV's own
 * reduction phase starts from column minima, which on shifted or scaled clouds leaves half the rows free with long
 * augmenting paths (measured: 1.1 s at n = 2000, d = 10, N(0, I) vs N(0.5, 1.44 I); 0.2 s with this start).
 * Returns false (prices unusable) if a phase exceeds its bid budget or the costs have no scale.
 */
function auctionPrices(n: number, cost: Float64Array, w: LapjvWork): boolean {
  const { colToRow: owner, freeRows: queue, v } = w;
  let mean = 0;
  for (let k = 0; k < n * n; k++) mean += cost[k];
  mean /= n * n;
  if (!(mean > 0 && Number.isFinite(mean))) return false;
  v.fill(0);
  const budget = AUCTION_BID_BUDGET * n;
  for (let eps = AUCTION_EPS_START * mean; eps >= AUCTION_EPS_END * mean; eps /= AUCTION_EPS_RATIO) {
    owner.fill(-1);
    for (let i = 0; i < n; i++) queue[i] = i;
    let head = 0;
    let count = n;
    let bids = 0;
    while (count > 0) {
      if (++bids > budget) return false;
      const i = queue[head];
      head = head + 1 === n ? 0 : head + 1;
      count--;
      const row = i * n;
      let v1 = Infinity;
      let v2 = Infinity;
      let j1 = 0;
      for (let j = 0; j < n; j++) {
        const c = cost[row + j] - v[j];
        if (c < v2) {
          if (c < v1) {
            v2 = v1;
            v1 = c;
            j1 = j;
          } else v2 = c;
        }
      }
      v[j1] -= v2 - v1 + eps;
      const k = owner[j1];
      owner[j1] = i;
      if (k >= 0) {
        let tail = head + count;
        if (tail >= n) tail -= n;
        queue[tail] = k;
        count++;
      }
    }
  }
  return true;
}

/**
 * JV state from given column potentials v: each row goes to its cheapest column c_ij − v_j if no earlier row took
 * it, else stays free. Dual feasible with u_i = min_j (c_ij − v_j) for every row. Returns the number of free rows.
 */
function assignAtPrices(n: number, cost: Float64Array, w: LapjvWork): number {
  const { rowToCol: x, colToRow: y, v, freeRows } = w;
  y.fill(-1);
  let nFree = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let best = Infinity;
    let bj = 0;
    for (let j = 0; j < n; j++) {
      const c = cost[row + j] - v[j];
      if (c < best) {
        best = c;
        bj = j;
      }
    }
    if (y[bj] < 0) {
      y[bj] = i;
      x[i] = bj;
    } else {
      x[i] = -1;
      freeRows[nFree++] = i;
    }
  }
  return nFree;
}

/**
 * Augmenting row reduction runs in rounds of n row moves while a round still frees at least ARR_MIN_GAIN rows. One
 * move costs O(n) and one shortest augmenting path O(n²) at worst, so a round is worth its cost while it settles
 * rows; on Euclidean costs the moves degenerate into a "price war" (rows displacing each other with tiny price
 * changes): unbounded, the phase took 60 of 65 ms at n = 1000, d = 10 (the original code bounds it only by n moves
 * per free row). Measured after the auction start (n = 1000–2000, d = 2–100): 10–15% faster than no reduction.
 */
const ARR_MIN_GAIN = 2;
/** Upper bound on the number of augmenting-row-reduction rounds. */
const ARR_MAX_ROUNDS = 100;

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
    if (rrCount >= n) {
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
 * Shortest augmenting path from free row `startI` on the reduced costs c_ij − v_j (JV 1987, procedure AUGMENTATION:
 * dense Dijkstra over columns, the rows' potentials implicit as u_i = c_{i,x(i)} − v_{x(i)}). Columns move from TODO
 * to SCAN in batches of equal distance; the TODO list is compacted in place while a row is scanned, so it stays in
 * ascending column order and the cost row, v and the labels are read almost sequentially (faster than the
 * permuted SCAN/TODO array of the original code). Updates the potentials of the labelled columns and returns the
 * free column that ends the path (predecessors in `pred`).
 */
function findPath(n: number, cost: Float64Array, startI: number, w: LapjvWork): number {
  const { colToRow: y, v, cols: todo, scan, pred, dist: d } = w;
  const startRow = startI * n;
  for (let j = 0; j < n; j++) {
    todo[j] = j;
    pred[j] = startI;
    d[j] = cost[startRow + j] - v[j];
  }
  let todoLen = n;
  let scanLen = 0;
  let finalJ = -1;
  search: for (;;) {
    // The closest TODO columns become SCAN columns; a free one among them ends the path.
    let mind = Infinity;
    for (let k = 0; k < todoLen; k++) {
      const dj = d[todo[k]];
      if (dj < mind) mind = dj;
    }
    let keep = 0;
    let pos = scanLen;
    for (let k = 0; k < todoLen; k++) {
      const j = todo[k];
      if (d[j] === mind) {
        if (y[j] < 0) {
          finalJ = j;
          break search;
        }
        scan[scanLen++] = j;
      } else todo[keep++] = j;
    }
    todoLen = keep;
    // Scan the rows assigned to the SCAN columns, relaxing the TODO columns.
    while (pos < scanLen) {
      const js = scan[pos++];
      const i = y[js];
      const row = i * n;
      const h = cost[row + js] - v[js] - mind;
      keep = 0;
      for (let k = 0; k < todoLen; k++) {
        const j = todo[k];
        const cred = cost[row + j] - v[j] - h;
        if (cred < d[j]) {
          d[j] = cred;
          pred[j] = i;
          if (cred === mind) {
            if (y[j] < 0) {
              finalJ = j;
              break search;
            }
            scan[scanLen++] = j;
            continue;
          }
        }
        todo[keep++] = j;
      }
      todoLen = keep;
    }
  }
  // Length of the shortest augmenting path; labelled columns get v_j += d_j − mind (≤ 0), keeping CS and feasibility.
  const mind = d[finalJ];
  for (let k = 0; k < scanLen; k++) {
    const j = scan[k];
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
  let nFree = auctionPrices(n, cost, w) ? assignAtPrices(n, cost, w) : columnReduction(n, cost, w);
  for (let round = 0; round < ARR_MAX_ROUNDS && nFree > 0; round++) {
    const before = nFree;
    nFree = augmentingRowReduction(n, cost, nFree, w);
    if (before - nFree < ARR_MIN_GAIN) break;
  }
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
