import { describe, expect, it } from "vitest";
import { eigenCompose, matmul, matmulTransA, matmulTransB, matvec, matvecTransA, symmetricEigen } from "../../src/index.js";
import { randomSymmetric, testRng } from "./random-matrices.js";

/** Naive reference product of row-major (m×k)(k×p). */
function ref(m: number, k: number, p: number, a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l] * b[l * p + j];
      out.push(s);
    }
  return out;
}
function transpose(r: number, c: number, a: ArrayLike<number>): Float64Array {
  const t = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = a[i * c + j];
  return t;
}
function rand(len: number, rng: ReturnType<typeof testRng>): Float64Array {
  return Float64Array.from({ length: len }, () => rng.normal());
}
function expectNear(got: ArrayLike<number>, want: ArrayLike<number>, tol: number) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `index ${i}`).toBeLessThanOrEqual(tol);
}

describe("matmul", () => {
  const rng = testRng(8);
  const [m, k, p] = [3, 5, 4];
  const a = rand(m * k, rng);
  const b = rand(k * p, rng);

  it("matmul: A·B on rectangular shapes, overwriting stale `out`", () => {
    const out = new Float64Array(m * p).fill(99);
    expect(matmul(m, k, p, a, b, out)).toBe(out);
    expectNear(out, ref(m, k, p, a, b), 1e-14);
  });

  it("matmulTransA: Aᵀ·B equals matmul of the explicit transpose", () => {
    const at = transpose(m, k, a); // k×m stored; (at)ᵀ = a
    const out = new Float64Array(m * p).fill(-1);
    matmulTransA(m, k, p, at, b, out);
    expectNear(out, ref(m, k, p, a, b), 1e-14);
  });

  it("matmulTransB: A·Bᵀ equals matmul of the explicit transpose", () => {
    const bt = transpose(k, p, b); // p×k
    const out = new Float64Array(m * p).fill(-1);
    matmulTransB(m, k, p, a, bt, out);
    expectNear(out, ref(m, k, p, a, b), 1e-14);
  });

  it("matvec / matvecTransA: A·x and Aᵀ·x", () => {
    const x = rand(k, rng);
    expectNear(matvec(m, k, a, x, new Float64Array(m)), ref(m, k, 1, a, x), 1e-14);
    const y = rand(m, rng);
    expectNear(matvecTransA(k, m, a, y, new Float64Array(k).fill(7)), ref(1, m, k, y, a), 1e-14);
  });

  it("eigenCompose: V diag(λ) Vᵀ reproduces A from its eigendecomposition and is exactly symmetric", () => {
    const n = 9;
    const s = randomSymmetric(n, rng);
    const { values, vectors } = symmetricEigen(s, n);
    const out = eigenCompose(n, vectors, values, new Float64Array(n * n), new Float64Array(n));
    expectNear(out, s, 1e-13);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(out[i * n + j]).toBe(out[j * n + i]);
  });
});
