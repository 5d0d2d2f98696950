/**
 * Seeded random matrices for the linear-algebra tests (self-contained so the tests do not depend on the RNG
 * module): mulberry32 uniforms, Box–Muller normals, Haar-ish orthogonal matrices by modified Gram–Schmidt, and
 * symmetric matrices with a prescribed spectrum A = Q diag(λ) Qᵀ.
 */

/** A seeded source of uniforms in [0, 1) and standard normals. */
export interface TestRng {
  uniform(): number;
  normal(): number;
}

/** mulberry32 (Tommy Ettinger): 32-bit state, good enough for test matrices. */
export function testRng(seed: number): TestRng {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { uniform, normal };
}

/** Random orthogonal n×n matrix (row-major; columns orthonormal) by modified Gram–Schmidt, twice. */
export function randomOrthogonal(n: number, rng: TestRng): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) q[i] = rng.normal();
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i * n + j] * q[i * n + k];
        for (let i = 0; i < n; i++) q[i * n + j] -= dot * q[i * n + k];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += q[i * n + j] ** 2;
      norm = Math.sqrt(norm);
      for (let i = 0; i < n; i++) q[i * n + j] /= norm;
    }
  }
  return q;
}

/** A = Q diag(lambda) Qᵀ, exactly symmetrised. */
export function withSpectrum(q: Float64Array, lambda: ArrayLike<number>, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * lambda[k] * q[j * n + k];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** Random symmetric matrix with iid N(0,1) entries on and above the diagonal. */
export function randomSymmetric(n: number, rng: TestRng): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = rng.normal();
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

/** Random SPD matrix X Xᵀ/n + shift·I. */
export function randomSpd(n: number, rng: TestRng, shift = 0.1): Float64Array {
  const x = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) x[i] = rng.normal();
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += x[i * n + k] * x[j * n + k];
      s /= n;
      if (i === j) s += shift;
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** Largest |eigenvalue| bound: the Frobenius norm (scaled, so subnormal or huge entries do not under/overflow). */
export function frobenius(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  if (m === 0) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] / m) ** 2;
  return m * Math.sqrt(s);
}

/** max_ij |(A V − V Λ)_ij| for A n×n, V columns eigenvectors, Λ = diag(values). */
export function residual(n: number, a: ArrayLike<number>, values: ArrayLike<number>, v: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * v[k * n + j];
      worst = Math.max(worst, Math.abs(s - v[i * n + j] * values[j]));
    }
  }
  return worst;
}

/** max_ij |(VᵀV − I)_ij|. */
export function orthogonalityError(n: number, v: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v[k * n + i] * v[k * n + j];
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return worst;
}
