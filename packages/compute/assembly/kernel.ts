// The fused `affine` kernel in WebAssembly SIMD (AssemblyScript). It computes exactly the numbers of the
// typed-array kernel `src/impl/affine-kernel.ts` (same generator, same ziggurat, same operation order; IEEE
// f64 +, −, ×, ÷ and comparisons are correctly rounded in both), four particles at a time:
// - the four particles' main SFC32 generators advance in lock-step in the lanes of an i32x4;
// - the ziggurat fast path (|s| < KI[layer], z = s·W[layer]) runs on two f64x2 per four lanes, with the table
//   values gathered per lane; a lane that misses the inner rectangle (1.5 % of draws) takes the scalar slow path
//   `zigSlow`, which draws from that particle's own aux generator — so lanes never interfere;
// - y ← P y + p + C z on two f64x2.
//
// Memory (all addresses from the host, 16-byte aligned; the host owns the layout):
// - y: AoSoA, groups × d × 4 f64: lane l of group g, coordinate i at ((g·d + i)·4 + l)·8.
// - main: groups × [a, b, c, counter] × 4 lanes i32: word w of lane l of group g at (g·16 + w·4 + l)·4.
// - aux: (groups·4) × [a, b, c, counter] i32: lane l of group g at ((g·4 + l)·4)·4.
// - P, p: steps × d f64 (row s = step s); C: steps f64.
// - zig: KI[256], W[256], F[257] f64 (`ZIG_TABLES` of src/impl/ziggurat.ts, copied verbatim).
// - zbuf: d × 4 f64 (one group's normals); rejBuf: d × 64 bytes (slow-path records).
// Padding lanes (a block whose size is not a multiple of 4) carry copies of a real particle, so they stay finite
// exactly when it does and never change the divergence step.

const ZIG_R: f64 = 3.6541528853610088;
const TWO_M32: f64 = 2.3283064365386963e-10;
const LN2_HI: f64 = 6.9314718036912381649e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;

export function heapBase(): usize {
  return __heap_base;
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
    const idx = <usize>(r & 255);
    const sx = r >> 8;
    const fsx = <f64>sx;
    if (abs<f64>(fsx) < load<f64>(zig + (idx << 3))) return fsx * load<f64>(zig + ((256 + idx) << 3));
    if (idx == 0) {
      let xt: f64 = 0;
      while (true) {
        xt = logUnit(uniformAux(o)) / ZIG_R;
        const yt = logUnit(uniformAux(o));
        if (!(-2 * yt < xt * xt)) break;
      }
      return sx < 0 ? xt - ZIG_R : ZIG_R - xt;
    }
    const x = fsx * load<f64>(zig + ((256 + idx) << 3));
    const lo = load<f64>(zig + ((512 + idx) << 3));
    const y = lo + uniformAux(o) * (load<f64>(zig + ((513 + idx) << 3)) - lo);
    if (logUnit(y) < -0.5 * x * x) return x;
    r = sfcAux(o);
  }
}

// Draws d normals for each of the four lanes of group g into zbuf (d × 4 f64, lane-interleaved like y): pass 1
// advances the four main generators in SIMD lanes and applies the ziggurat fast path, remembering the (rare)
// coordinates where some lane missed its inner rectangle together with the words drawn; pass 2 runs the scalar
// slow path for those lanes, in increasing coordinate order per lane — the order the JS kernel uses, so each lane's
// aux stream is consumed identically. Keeping calls out of pass 1 keeps its SIMD state in registers.
function normalsForGroup(gp: usize, aux0: usize, d: i32, zig: usize, zbuf: usize, rejBuf: usize): void {
  const one = i32x4.splat(1);
  const mask = i32x4.splat(255);
  const wz = zig + (256 << 3);
  let a = v128.load(gp);
  let b = v128.load(gp, 16);
  let c = v128.load(gp, 32);
  let ctr = v128.load(gp, 48);
  let zp = zbuf;
  let nrej: usize = 0;
  for (let i = 0; i < d; i++) {
    const t = i32x4.add(i32x4.add(a, b), ctr);
    ctr = i32x4.add(ctr, one);
    a = v128.xor(b, i32x4.shr_u(b, 9));
    b = i32x4.add(c, i32x4.shl(c, 3));
    c = i32x4.add(v128.or(i32x4.shl(c, 21), i32x4.shr_u(c, 11)), t);
    const idx = v128.and(t, mask);
    const sx = i32x4.shr_s(t, 8);
    const i0 = <usize>i32x4.extract_lane(idx, 0) << 3;
    const i1 = <usize>i32x4.extract_lane(idx, 1) << 3;
    const i2 = <usize>i32x4.extract_lane(idx, 2) << 3;
    const i3 = <usize>i32x4.extract_lane(idx, 3) << 3;
    const k01 = f64x2.replace_lane(f64x2.splat(load<f64>(zig + i0)), 1, load<f64>(zig + i1));
    const k23 = f64x2.replace_lane(f64x2.splat(load<f64>(zig + i2)), 1, load<f64>(zig + i3));
    const w01 = f64x2.replace_lane(f64x2.splat(load<f64>(wz + i0)), 1, load<f64>(wz + i1));
    const w23 = f64x2.replace_lane(f64x2.splat(load<f64>(wz + i2)), 1, load<f64>(wz + i3));
    const s01 = f64x2.convert_low_i32x4_s(sx);
    const s23 = f64x2.convert_low_i32x4_s(i32x4.shuffle(sx, sx, 2, 3, 2, 3));
    const ok01 = f64x2.lt(f64x2.abs(s01), k01);
    const ok23 = f64x2.lt(f64x2.abs(s23), k23);
    v128.store(zp, f64x2.mul(s01, w01));
    v128.store(zp, f64x2.mul(s23, w23), 16);
    const ok = i32x4.shuffle(ok01, ok23, 0, 2, 4, 6);
    if (!i32x4.all_true(ok)) {
      // Record (64 bytes): the words t, the per-lane miss flags (all ones = missed) and the coordinate i.
      const rp = rejBuf + (nrej << 6);
      v128.store(rp, t);
      v128.store(rp, v128.not(ok), 16);
      store<i32>(rp, i, 32);
      nrej++;
    }
    zp += 32;
  }
  v128.store(gp, a);
  v128.store(gp, b, 16);
  v128.store(gp, c, 32);
  v128.store(gp, ctr, 48);
  for (let r: usize = 0; r < nrej; r++) {
    const rp = rejBuf + (r << 6);
    const zi = zbuf + (<usize>load<i32>(rp, 32) << 5);
    if (load<i32>(rp, 16) != 0) store<f64>(zi, zigSlow(load<i32>(rp), aux0, zig));
    if (load<i32>(rp, 20) != 0) store<f64>(zi, zigSlow(load<i32>(rp, 4), aux0 + 16, zig), 8);
    if (load<i32>(rp, 24) != 0) store<f64>(zi, zigSlow(load<i32>(rp, 8), aux0 + 32, zig), 16);
    if (load<i32>(rp, 28) != 0) store<f64>(zi, zigSlow(load<i32>(rp, 12), aux0 + 48, zig), 24);
  }
}

// Prior draw: y = std·z for every lane and coordinate (affinePriorJs).
export function prior(yPtr: usize, mainPtr: usize, auxPtr: usize, groups: i32, d: i32, std: f64, zig: usize, zbuf: usize, rejBuf: usize): void {
  const sv = f64x2.splat(std);
  for (let g = 0; g < groups; g++) {
    normalsForGroup(mainPtr + (<usize>g << 6), auxPtr + (<usize>g << 6), d, zig, zbuf, rejBuf);
    let yp = yPtr + ((<usize>g * <usize>d) << 5);
    let zp = zbuf;
    for (let i = 0; i < d; i++) {
      v128.store(yp, f64x2.mul(sv, v128.load(zp)));
      v128.store(yp, f64x2.mul(sv, v128.load(zp, 16)), 16);
      yp += 32;
      zp += 32;
    }
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
  zbuf: usize,
  rejBuf: usize,
): i32 {
  for (let s = 0; s < steps; s++) {
    const rowP = pPtrP + ((<usize>s * <usize>d) << 3);
    const rowp = pPtrp + ((<usize>s * <usize>d) << 3);
    const cs = f64x2.splat(load<f64>(cPtr + (<usize>s << 3)));
    let acc = f64x2.splat(0);
    if (noise != 0) {
      for (let g = 0; g < groups; g++) {
        normalsForGroup(mainPtr + (<usize>g << 6), auxPtr + (<usize>g << 6), d, zig, zbuf, rejBuf);
        let yp = yPtr + ((<usize>g * <usize>d) << 5);
        let zp = zbuf;
        for (let i = 0; i < d; i++) {
          const off = <usize>i << 3;
          const P = f64x2.splat(load<f64>(rowP + off));
          const pv = f64x2.splat(load<f64>(rowp + off));
          const y01 = f64x2.add(f64x2.add(f64x2.mul(P, v128.load(yp)), pv), f64x2.mul(cs, v128.load(zp)));
          const y23 = f64x2.add(f64x2.add(f64x2.mul(P, v128.load(yp, 16)), pv), f64x2.mul(cs, v128.load(zp, 16)));
          v128.store(yp, y01);
          v128.store(yp, y23, 16);
          acc = f64x2.add(acc, f64x2.add(f64x2.sub(y01, y01), f64x2.sub(y23, y23)));
          yp += 32;
          zp += 32;
        }
      }
    } else {
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
          acc = f64x2.add(acc, f64x2.add(f64x2.sub(y01, y01), f64x2.sub(y23, y23)));
          yp += 32;
        }
      }
    }
    const a0 = f64x2.extract_lane(acc, 0);
    const a1 = f64x2.extract_lane(acc, 1);
    if (a0 != a0 || a1 != a1) return s + 1;
  }
  return 0;
}
