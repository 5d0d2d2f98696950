// The fused `affine` kernel in WebAssembly SIMD (AssemblyScript). It computes exactly the numbers of the
// typed-array kernel `src/impl/affine-kernel.ts` (same generator, same ziggurat, same operation order; IEEE
// f64 +, −, ×, ÷ and comparisons are correctly rounded in both), four particles at a time:
// - the four particles' main SFC32 generators advance in lock-step in the lanes of an i32x4;
// - the ziggurat fast path (s² < ⌈KI[layer]⌉², C·z = s·(C·W[layer])) runs on two f64x2 per four lanes, with the
//   table entries gathered per lane; a lane that misses the inner rectangle (0.8 % of draws) is redone afterwards
//   by the scalar slow path `zigSlow`, which draws from that particle's own aux generator — lanes never interfere;
// - y ← P y + p + C z on two f64x2.
// Measured on the REFERENCE.md workload (d = 100, K = 1000): ~5.7e8 particle·dimension·steps/s of CPU time, 77 % of
// the C figure there; the typed-array JS kernel ~1.6e8 (scripts/bench/kernel.ts).
//
// Memory (all addresses from the host, 16-byte aligned; the host owns the layout):
// - y: AoSoA, groups × d × 4 f64: lane l of group g, coordinate i at ((g·d + i)·4 + l)·8.
// - main: groups × [a, b, c, counter] × 4 lanes i32: word w of lane l of group g at (g·16 + w·4 + l)·4.
// - aux: (groups·4) × [a, b, c, counter] i32: lane l of group g at ((g·4 + l)·4)·4.
// - P, p: steps × d f64 (row s = step s); C: steps f64.
// - zig: KI[512], W[512], F[513], CS[512], TS[512], SHAPE[512] f64 (`ZIG_TABLES` of src/impl/ziggurat.ts, verbatim).
// - kw: 512 16-byte layer entries [C·W[l] (f64, rebuilt per step), ⌈KI[l]⌉² (f64)]: for an integer s,
//   |s| < KI[l] ⟺ |s| < ⌈KI[l]⌉ ⟺ s² < ⌈KI[l]⌉² (both squares exact, < 2^46), so this test makes exactly the JS
//   kernel's decisions with one multiplication instead of an absolute value and an integer gather.
// - rejBuf: d × 64 bytes of slow-path records, then d i32 coordinates, then d × 16 bytes of generator words;
//   zeros: d f64 zeros (the prior's P = p = 0).
// Padding lanes (a block whose size is not a multiple of 4) carry copies of a real particle, so they stay finite
// exactly when it does and never change the divergence step.

const ZIG_R: f64 = 3.852046150368391;
const TWO_M32: f64 = 2.3283064365386963e-10;
const TWO_22: f64 = 4194304;
const LN2_HI: f64 = 6.9314718036912381649e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;

export function heapBase(): usize {
  return __heap_base;
}

// Version of this module's interface and numbers (memory layout, tables, exports). The host refuses a module whose
// version differs from its KERNEL_ABI (a stale dist/kernel.wasm), so it can never silently compute other numbers.
export function abiVersion(): i32 {
  return 3;
}

// ln(u) for u in (0, 1]: the operations of logUnitPortable in src/impl/portable-math.ts, in the same order.
function logUnit(u: f64): f64 {
  let m = u;
  let e: f64 = 0;
  if (m < 2.3283064365386963e-10) {
    m *= 4294967296;
    e -= 32;
  }
  if (m < 1.52587890625e-5) {
    m *= 65536;
    e -= 16;
  }
  if (m < 0.00390625) {
    m *= 256;
    e -= 8;
  }
  if (m < 0.0625) {
    m *= 16;
    e -= 4;
  }
  if (m < 0.25) {
    m *= 4;
    e -= 2;
  }
  if (m < 0.5) {
    m *= 2;
    e -= 1;
  }
  if (m < 0.7071067811865476) {
    m *= 2;
    e -= 1;
  }
  const s = (m - 1) / (m + 1);
  const z = s * s;
  const p =
    1 +
    z *
      (0.3333333333333333 +
        z *
          (0.2 +
            z *
              (0.14285714285714285 +
                z *
                  (0.1111111111111111 +
                    z *
                      (0.09090909090909091 +
                        z *
                          (0.07692307692307693 +
                            z * (0.06666666666666667 + z * (0.058823529411764705 + z * (0.05263157894736842 + z * (0.047619047619047616 + z * 0.043478260869565216))))))))));
  return e * LN2_HI + (e * LN2_LO + 2 * s * p);
}

// One SFC32 step of the aux generator at address o (sfc32Next in src/impl/ziggurat.ts).
@inline
function sfcAux(o: usize): i32 {
  const a = load<i32>(o);
  const b = load<i32>(o, 4);
  const c = load<i32>(o, 8);
  const ctr = load<i32>(o, 12);
  const t = a + b + ctr;
  store<i32>(o, b ^ <i32>(<u32>b >> 9));
  store<i32>(o, c + (c << 3), 4);
  store<i32>(o, ((c << 21) | <i32>(<u32>c >> 11)) + t, 8);
  store<i32>(o, ctr + 1, 12);
  return t;
}

@inline
function uniformAux(o: usize): f64 {
  return (<f64>(<u32>sfcAux(o)) + 0.5) * TWO_M32;
}

// The ziggurat slow path (normalSlow in src/impl/ziggurat.ts).
function zigSlow(r0: i32, o: usize, zig: usize): f64 {
  let r = r0;
  while (true) {
    const idx = <usize>(r & 511);
    const sx = r >> 9;
    const fsx = <f64>sx;
    if (abs<f64>(fsx) < load<f64>(zig + (idx << 3))) return fsx * load<f64>(zig + ((512 + idx) << 3));
    if (idx == 0) {
      let xt: f64 = 0;
      while (true) {
        xt = logUnit(uniformAux(o)) / ZIG_R;
        const yt = logUnit(uniformAux(o));
        if (!(-2 * yt < xt * xt)) break;
      }
      return sx < 0 ? xt - ZIG_R : ZIG_R - xt;
    }
    const x = fsx * load<f64>(zig + ((512 + idx) << 3));
    const ax = abs<f64>(x);
    const lo = load<f64>(zig + ((1024 + idx) << 3));
    const hi = load<f64>(zig + ((1025 + idx) << 3));
    const y = lo + uniformAux(o) * (hi - lo);
    const shape = load<f64>(zig + ((2561 + idx) << 3));
    const xo = load<f64>(zig + ((512 + idx) << 3)) * TWO_22;
    if (shape == 1) {
      if (!(y >= lo + (xo - ax) * load<f64>(zig + ((1537 + idx) << 3)))) {
        const xi = load<f64>(zig + ((513 + idx) << 3)) * TWO_22;
        if (y < hi - load<f64>(zig + ((2049 + idx) << 3)) * (ax - xi)) return x;
        if (logUnit(y) < -0.5 * x * x) return x;
      }
    } else if (shape == 2) {
      if (y < lo + (xo - ax) * load<f64>(zig + ((1537 + idx) << 3))) return x;
      if (!(y >= lo + load<f64>(zig + ((2049 + idx) << 3)) * (xo - ax)) && logUnit(y) < -0.5 * x * x) return x;
    } else if (logUnit(y) < -0.5 * x * x) {
      return x;
    }
    r = sfcAux(o);
  }
}

// One step of one group (four lanes) for coordinates 0..d−1: y ← P y + p + s·CW[layer], the four main generators
// advancing in SIMD lanes and s·CW = C·z from the ziggurat fast path (CW = C·W, rebuilt per step by `scaleTable`). A
// lane that misses its inner rectangle (0.8 % of draws) gets a provisional value; the coordinate, the words drawn, the
// miss flags and the old y are recorded (64-byte records in rejBuf) and `fixGroup` recomputes those entries with the
// slow path afterwards, in increasing coordinate order per lane — the order the JS kernel uses, so each lane's aux
// stream is consumed identically, and with the same expression, so the result is bit-identical. Keeping calls out of
// this loop keeps its SIMD state in registers. Returns the number of records; adds every provisional value to the
// global `acc` (a NaN/∞ sum flags a possible non-finite value, confirmed by an exact scan).
let acc: v128 = f64x2.splat(0);

// Advances the four main generators of a group d times, storing the words in wbuf (d × 16 bytes). A separate loop:
// its four state vectors then stay in registers, and `stepGroup` has none to keep.
function genWords(gp: usize, d: i32, wbuf: usize): void {
  const one = i32x4.splat(1);
  let a = v128.load(gp);
  let b = v128.load(gp, 16);
  let c = v128.load(gp, 32);
  let ctr = v128.load(gp, 48);
  let wp = wbuf;
  for (let i = 0; i < d; i++) {
    const t = i32x4.add(i32x4.add(a, b), ctr);
    ctr = i32x4.add(ctr, one);
    a = v128.xor(b, i32x4.shr_u(b, 9));
    b = i32x4.add(c, i32x4.shl(c, 3));
    c = i32x4.add(v128.or(i32x4.shl(c, 21), i32x4.shr_u(c, 11)), t);
    v128.store(wp, t);
    wp += 16;
  }
  v128.store(gp, a);
  v128.store(gp, b, 16);
  v128.store(gp, c, 32);
  v128.store(gp, ctr, 48);
}

@inline
function stepGroup(gp: usize, yp0: usize, d: i32, rowP: usize, rowp: usize, kw: usize, rejBuf: usize): usize {
  const wbuf = rejBuf + (<usize>d << 6) + (<usize>d << 2);
  genWords(gp, d, wbuf);
  let yp = yp0;
  let wp = wbuf;
  let nrej: usize = 0;
  let ac = acc;
  for (let i = 0; i < d; i++) {
    const t = v128.load(wp);
    wp += 16;
    const idx = i32x4.shr_u(i32x4.shl(t, 23), 19);
    // Layer entries (C·W, ⌈KI⌉²) of the four lanes (idx = 16·layer): one 16-byte load per lane, then regroup.
    const v0 = v128.load(kw + <usize>i32x4.extract_lane(idx, 0));
    const v1 = v128.load(kw + <usize>i32x4.extract_lane(idx, 1));
    const v2 = v128.load(kw + <usize>i32x4.extract_lane(idx, 2));
    const v3 = v128.load(kw + <usize>i32x4.extract_lane(idx, 3));
    const w01 = i64x2.shuffle(v0, v1, 0, 2);
    const w23 = i64x2.shuffle(v2, v3, 0, 2);
    const k01 = i64x2.shuffle(v0, v1, 1, 3);
    const k23 = i64x2.shuffle(v2, v3, 1, 3);
    const sx = i32x4.shr_s(t, 9);
    const s01 = f64x2.convert_low_i32x4_s(sx);
    const s23 = f64x2.convert_low_i32x4_s(i32x4.shuffle(sx, sx, 2, 3, 2, 3));
    const bad01 = f64x2.ge(f64x2.mul(s01, s01), k01);
    const bad23 = f64x2.ge(f64x2.mul(s23, s23), k23);
    const off = <usize>i << 3;
    const P = v128.load64_splat(rowP + off);
    const pv = v128.load64_splat(rowp + off);
    const o01 = v128.load(yp);
    const o23 = v128.load(yp, 16);
    const y01 = f64x2.add(f64x2.add(f64x2.mul(P, o01), pv), f64x2.mul(s01, w01));
    const y23 = f64x2.add(f64x2.add(f64x2.mul(P, o23), pv), f64x2.mul(s23, w23));
    v128.store(yp, y01);
    v128.store(yp, y23, 16);
    ac = f64x2.add(f64x2.add(ac, y01), y23);
    if (v128.any_true(v128.or(bad01, bad23))) {
      const rp = rejBuf + (nrej << 6);
      v128.store(rp, t);
      v128.store(rp, i32x4.shuffle(bad01, bad23, 0, 2, 4, 6), 16);
      v128.store(rp, o01, 32);
      v128.store(rp, o23, 48);
      store<i32>(rejBuf + (<usize>d << 6) + (nrej << 2), i);
      nrej++;
    }
    yp += 32;
  }
  acc = ac;
  return nrej;
}

// Rebuilds the fast-path layer entries for noise scale c: CW[l] = c·W[l] (the KIi halves stay as set by the host).
function scaleTable(c: f64, zig: usize, kw: usize): void {
  for (let l: usize = 0; l < 512; l++) store<f64>(kw + (l << 4), c * load<f64>(zig + ((512 + l) << 3)));
}

// Recomputes the recorded entries of one group with the slow-path normals (see stepGroup). Returns Σ (v − v) over
// the corrected values (0, or NaN if one is not finite).
function fixGroup(nrej: usize, aux0: usize, yp0: usize, d: i32, rowP: usize, rowp: usize, cs: f64, noise: bool, zig: usize, rejBuf: usize): f64 {
  let check: f64 = 0;
  for (let r: usize = 0; r < nrej; r++) {
    const rp = rejBuf + (r << 6);
    const i = <usize>load<i32>(rejBuf + (<usize>d << 6) + (r << 2));
    const P = load<f64>(rowP + (i << 3));
    const pv = load<f64>(rowp + (i << 3));
    const yi = yp0 + (i << 5);
    for (let l: usize = 0; l < 4; l++) {
      if (load<i32>(rp + (l << 2), 16) == 0) continue;
      const z = zigSlow(load<i32>(rp + (l << 2)), aux0 + (l << 4), zig);
      const v = noise ? P * load<f64>(rp + (l << 3), 32) + pv + cs * z : cs * z;
      store<f64>(yi + (l << 3), v);
      check += v - v;
    }
  }
  return check;
}

// True when some value of the first `groups` groups of y is not finite (the exact re-check behind a NaN flag).
function anyNonFinite(yPtr: usize, groups: i32, d: i32): bool {
  const n = <usize>groups * <usize>d * 4;
  for (let k: usize = 0; k < n; k++) {
    const v = load<f64>(yPtr + (k << 3));
    if (v - v != 0) return true;
  }
  return false;
}

// Prior draw (affinePriorJs): a step with P = 0, p = 0, C = std on y = 0, i.e. (0·0 + 0) + s·(std·W) = s·(std·W)
// exactly on the fast path and std·z on the slow path.
export function prior(yPtr: usize, mainPtr: usize, auxPtr: usize, groups: i32, d: i32, std: f64, zig: usize, kw: usize, rejBuf: usize, zeros: usize): void {
  scaleTable(std, zig, kw);
  for (let g = 0; g < groups; g++) {
    const yp = yPtr + ((<usize>g * <usize>d) << 5);
    const nrej = stepGroup(mainPtr + (<usize>g << 6), yp, d, zeros, zeros, kw, rejBuf);
    fixGroup(nrej, auxPtr + (<usize>g << 6), yp, d, zeros, zeros, std, false, zig, rejBuf);
  }
}

// `steps` affine steps (affineStepsJs): returns 0, or s + 1 for the first step s after which a value is not finite.
export function affineSteps(
  yPtr: usize,
  mainPtr: usize,
  auxPtr: usize,
  groups: i32,
  d: i32,
  pPtrP: usize,
  pPtrp: usize,
  cPtr: usize,
  steps: i32,
  noise: i32,
  zig: usize,
  kw: usize,
  rejBuf: usize,
): i32 {
  for (let s = 0; s < steps; s++) {
    const rowP = pPtrP + ((<usize>s * <usize>d) << 3);
    const rowp = pPtrp + ((<usize>s * <usize>d) << 3);
    const c = load<f64>(cPtr + (<usize>s << 3));
    acc = f64x2.splat(0);
    let check: f64 = 0;
    if (noise != 0) {
      scaleTable(c, zig, kw);
      for (let g = 0; g < groups; g++) {
        const yp = yPtr + ((<usize>g * <usize>d) << 5);
        const nrej = stepGroup(mainPtr + (<usize>g << 6), yp, d, rowP, rowp, kw, rejBuf);
        if (nrej != 0) check += fixGroup(nrej, auxPtr + (<usize>g << 6), yp, d, rowP, rowp, c, true, zig, rejBuf);
      }
    } else {
      let ac = f64x2.splat(0);
      for (let g = 0; g < groups; g++) {
        let yp = yPtr + ((<usize>g * <usize>d) << 5);
        for (let i = 0; i < d; i++) {
          const off = <usize>i << 3;
          const P = f64x2.splat(load<f64>(rowP + off));
          const pv = f64x2.splat(load<f64>(rowp + off));
          const y01 = f64x2.add(f64x2.mul(P, v128.load(yp)), pv);
          const y23 = f64x2.add(f64x2.mul(P, v128.load(yp, 16)), pv);
          v128.store(yp, y01);
          v128.store(yp, y23, 16);
          ac = f64x2.add(f64x2.add(ac, y01), y23);
          yp += 32;
        }
      }
      acc = ac;
    }
    const a0 = f64x2.extract_lane(acc, 0);
    const a1 = f64x2.extract_lane(acc, 1);
    // The sum is not finite when a value is not (or when finite values overflow it, or a provisional slow-path
    // value did): confirm by an exact scan, so the step reported is exactly the JS kernel's.
    if ((a0 - a0 != 0 || a1 - a1 != 0 || check != check) && anyNonFinite(yPtr, groups, d)) return s + 1;
  }
  return 0;
}
