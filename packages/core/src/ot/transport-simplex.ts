/**
 * Exact discrete optimal transport between two weighted point sets by the primal network simplex method on the
 * complete bipartite transportation network (sources i with supply a_i, sinks j with demand b_j, arcs i→j of cost
 * C_ij, no capacities). The design follows LEMON's NetworkSimplex (Kovács, "Minimum-cost flow algorithms: an
 * experimental evaluation", Optim. Methods Softw. 30 (2015)), which POT's `ot.emd` wraps:
 * - an artificial root joined to every node gives a strongly feasible starting tree (Cunningham 1976): sources
 *   send their supply up to the root at cost 0, the root feeds each sink at cost ART > max C, so every unit
 *   still routed through the root at the end would be cheaper sent directly — the optimum uses real arcs only;
 * - block-search pricing over the real arcs (block ≈ √(n·m) arcs, the most negative reduced cost in the block);
 * - the leaving arc is the last blocking arc met when walking the cycle from its apex in the direction of the
 *   entering arc, which keeps the tree strongly feasible and rules out cycling under degeneracy.
 * Non-tree arcs always carry zero flow (no upper bounds), so only the n + m tree arcs store a flow: memory is the
 * cost matrix plus O(n + m). The tree is kept as parent pointers with depths and child lists; a pivot re-roots the
 * cut subtree along the path to the leaving arc and shifts its potentials by one constant.
 */
import { ScoresweepError } from "../errors.js";

/** Result of {@link transportSimplexImpl}. */
export interface TransportSolution {
  /** Optimal total cost Σ_ij P_ij C_ij (cost units; for C = squared distances this is W2²). */
  readonly cost: number;
  /** Source index of each positive entry of the optimal plan P. */
  readonly planRows: Int32Array;
  /** Sink index of each positive entry. */
  readonly planCols: Int32Array;
  /** Mass P_ij of each positive entry (same order). */
  readonly planMass: Float64Array;
  /** Number of simplex pivots performed. */
  readonly pivots: number;
}

const UP = 1; // the tree arc of node u points from u to its parent
const DOWN = -1; // it points from the parent to u

/** Relative size of a reduced cost that counts as negative (rounding noise in C + π_i − π_j is ~1e-16·scale). */
const PRICE_TOL = 1e-14;

/**
 * Kernel: solves min Σ P_ij C_ij subject to P ≥ 0, Σ_j P_ij = a_i, Σ_i P_ij = b_j, for a dense row-major n×m cost
 * matrix `cost` (finite, ≥ 0) and weights a (length n), b (length m), each ≥ 0 with equal sums (a mismatch of
 * rounding size is absorbed by the root and ignored). Throws E_NUMERICAL if the pivot budget is exhausted.
 */
export function transportSimplexImpl(n: number, m: number, a: Float64Array, b: Float64Array, cost: Float64Array): TransportSolution {
  const N = n + m + 1;
  const root = n + m;
  const nm = n * m;
  let maxC = 0;
  for (let k = 0; k < nm; k++) if (cost[k] > maxC) maxC = cost[k];
  const ART = maxC > 0 ? 2 * maxC : 1;

  const parent = new Int32Array(N);
  const predArc = new Int32Array(N); // real arc k = i*m + j, or nm + u for node u's artificial arc
  const predDir = new Int8Array(N);
  const flow = new Float64Array(N); // flow on the tree arc joining u to its parent
  const pi = new Float64Array(N);
  const depth = new Int32Array(N);
  const firstChild = new Int32Array(N).fill(-1);
  const nextSib = new Int32Array(N).fill(-1);
  const prevSib = new Int32Array(N).fill(-1);
  const stack = new Int32Array(N);

  const attach = (u: number, p: number): void => {
    const f = firstChild[p];
    prevSib[u] = -1;
    nextSib[u] = f;
    if (f >= 0) prevSib[f] = u;
    firstChild[p] = u;
  };
  const detach = (u: number): void => {
    const p = parent[u];
    const ps = prevSib[u];
    const ns = nextSib[u];
    if (ps >= 0) nextSib[ps] = ns;
    else firstChild[p] = ns;
    if (ns >= 0) prevSib[ns] = ps;
  };

  // Starting tree: a star around the root (LEMON's EQ initialisation).
  parent[root] = -1;
  depth[root] = 0;
  for (let u = 0; u < n + m; u++) {
    parent[u] = root;
    depth[u] = 1;
    predArc[u] = nm + u;
    const supply = u < n ? a[u] : -b[u - n];
    if (supply >= 0) {
      predDir[u] = UP; // u → root at cost 0
      flow[u] = supply;
      pi[u] = 0;
    } else {
      predDir[u] = DOWN; // root → u at cost ART
      flow[u] = -supply;
      pi[u] = ART;
    }
    attach(u, root);
  }

  const blockSize = Math.max(10, Math.ceil(Math.sqrt(nm)));
  const maxPivots = 50 * nm + 1_000_000;
  let nextI = 0;
  let nextJ = 0;
  let pivots = 0;

  for (;;) {
    // Block-search pricing: the most negative reduced cost C_ij + π_i − π_{n+j} within a block of arcs.
    let best = -1;
    let bestI = 0;
    let bestJ = 0;
    let minC = 0;
    let cnt = blockSize;
    let i = nextI;
    let j = nextJ;
    for (let scanned = 0; scanned < nm; scanned++) {
      const k = i * m + j;
      const pin = pi[n + j];
      const c = cost[k] + pi[i] - pin;
      if (c < minC && c < -PRICE_TOL * (cost[k] + Math.abs(pi[i]) + Math.abs(pin))) {
        minC = c;
        best = k;
        bestI = i;
        bestJ = j;
      }
      if (++j === m) {
        j = 0;
        if (++i === n) i = 0;
      }
      if (--cnt === 0) {
        if (best >= 0) break;
        cnt = blockSize;
      }
    }
    nextI = i;
    nextJ = j;
    if (best < 0) break; // no negative reduced cost: optimal
    if (++pivots > maxPivots) {
      throw new ScoresweepError("E_NUMERICAL", `transportSimplex: the pivot budget must suffice; got more than ${maxPivots} pivots for ${n}×${m}`);
    }

    // The cycle: entering arc first → second, then tree paths up to their join (lowest common ancestor).
    const first = bestI;
    const second = n + bestJ;
    let u = first;
    let v = second;
    while (u !== v) {
      if (depth[u] > depth[v]) u = parent[u];
      else if (depth[v] > depth[u]) v = parent[v];
      else {
        u = parent[u];
        v = parent[v];
      }
    }
    const join = u;

    // Leaving arc (LEMON findLeavingArc): on the first path the UP arcs lose flow, on the second the DOWN arcs;
    // ties go to the second path and, within it, to the arc nearest the join.
    let delta = Infinity;
    let uOut = -1;
    let onFirst = true;
    for (let w = first; w !== join; w = parent[w]) {
      if (predDir[w] === UP && flow[w] < delta) {
        delta = flow[w];
        uOut = w;
      }
    }
    for (let w = second; w !== join; w = parent[w]) {
      if (predDir[w] === DOWN && flow[w] <= delta) {
        delta = flow[w];
        uOut = w;
        onFirst = false;
      }
    }
    if (uOut < 0) throw new ScoresweepError("E_NUMERICAL", "transportSimplex: the pivot cycle must have a blocking arc; got none");

    // Push delta around the cycle (it only decreases flows by at most their value, so they stay ≥ 0).
    if (delta > 0) {
      for (let w = first; w !== join; w = parent[w]) flow[w] -= predDir[w] * delta;
      for (let w = second; w !== join; w = parent[w]) flow[w] += predDir[w] * delta;
    }
    flow[uOut] = 0;

    // Re-hang the subtree cut off by the leaving arc from the entering arc, reversing the path uIn → uOut.
    const uIn = onFirst ? first : second;
    const vIn = onFirst ? second : first;
    const rc = minC; // reduced cost of the entering arc before the pivot
    const shift = onFirst ? -rc : rc; // makes C + π_first − π_second = 0 on the new tree arc
    detach(uOut);
    let w = uIn;
    let newParent = vIn;
    let newArc = best;
    let newDir = onFirst ? UP : DOWN;
    let newFlow = delta;
    for (;;) {
      const oldParent = parent[w];
      const oldArc = predArc[w];
      const oldDir = predDir[w];
      const oldFlow = flow[w];
      if (w !== uOut) detach(w);
      parent[w] = newParent;
      predArc[w] = newArc;
      predDir[w] = newDir;
      flow[w] = newFlow;
      attach(w, newParent);
      if (w === uOut) break;
      newParent = w;
      newArc = oldArc;
      newDir = -oldDir;
      newFlow = oldFlow;
      w = oldParent;
    }
    // Shift the potentials and depths of the re-hung subtree.
    let top = 0;
    stack[top++] = uIn;
    while (top > 0) {
      const x = stack[--top];
      pi[x] += shift;
      depth[x] = depth[parent[x]] + 1;
      for (let c = firstChild[x]; c >= 0; c = nextSib[c]) stack[top++] = c;
    }
  }

  // Read the plan off the tree arcs.
  let count = 0;
  let total = 0;
  let artificial = 0;
  for (let u = 0; u < n + m; u++) {
    if (flow[u] <= 0) continue;
    if (predArc[u] < nm) count++;
    else artificial += flow[u];
  }
  const planRows = new Int32Array(count);
  const planCols = new Int32Array(count);
  const planMass = new Float64Array(count);
  let p = 0;
  for (let u = 0; u < n + m; u++) {
    const k = predArc[u];
    if (flow[u] <= 0 || k >= nm) continue;
    const i = (k / m) | 0;
    planRows[p] = i;
    planCols[p] = k - i * m;
    planMass[p] = flow[u];
    total += flow[u] * cost[k];
    p++;
  }
  let mass = 0;
  for (let i = 0; i < n; i++) mass += a[i];
  if (artificial > 1e-9 * mass) {
    throw new ScoresweepError(
      "E_NUMERICAL",
      `transportSimplex: the optimal plan must use real arcs only; got mass ${artificial} through the artificial root (are the weight sums equal?)`,
    );
  }
  return { cost: total, planRows, planCols, planMass, pivots };
}
