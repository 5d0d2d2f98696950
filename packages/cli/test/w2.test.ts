import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectClose, loadGolden } from "../../core/test/golden.js";
import { jsonLines, runCli, type CliRun } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "scoresweep-w2-"));
let counter = 0;

/** Writes `content` to a fresh file with extension `ext` in the temp dir; returns its path. */
function file(ext: string, content: string | Uint8Array): string {
  const path = join(dir, `f${counter++}${ext}`);
  writeFileSync(path, content);
  return path;
}

const json = (v: unknown): string => file(".json", JSON.stringify(v));

/** A NumPy .npy (format 1.0) of a 2-D (or 1-D) array in float64 ('<f8') or float32 ('<f4'), C order. */
function npy(rows: number[][] | number[], dtype: "<f8" | "<f4" | ">f8" = "<f8", fortran = false): string {
  const twoD = Array.isArray(rows[0]);
  const n = rows.length;
  const d = twoD ? (rows[0] as number[]).length : 1;
  const shape = twoD ? `(${n}, ${d})` : `(${n},)`;
  let header = `{'descr': '${dtype}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const size = dtype === "<f4" ? 4 : 8;
  const bytes = new Uint8Array(10 + header.length + n * d * size);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(bytes.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  const flat = twoD ? (rows as number[][]) : (rows as number[]).map((v) => [v]);
  const o = 10 + header.length;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const idx = fortran ? k * n + i : i * d + k;
      if (size === 4) view.setFloat32(o + 4 * idx, flat[i][k], true);
      else view.setFloat64(o + 8 * idx, flat[i][k], dtype === "<f8");
    }
  }
  return file(".npy", bytes);
}

/** Runs `scoresweep w2 ... --json` and returns the single JSON record (asserting success). */
function w2(args: string[]): any {
  const r = runCli(["w2", ...args, "--json"]);
  expect(r.stderr, `stderr of w2 ${args.join(" ")}`).toBe("");
  expect(r.code).toBe(0);
  const out = jsonLines(r.stdout);
  expect(out).toHaveLength(1);
  return out[0];
}

/** Asserts a user error: exit code 2, exactly one line on stderr (no stack trace), nothing on stdout. */
function expectUserError(r: CliRun, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.split("\n").filter((l) => l.length > 0);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("scoresweep w2: golden w2_1d.json (sorted_1d)", () => {
  const golden = loadGolden("w2_1d.json");
  for (const c of golden.cases) {
    it(`w2: ${c.id} through --estimator sorted_1d`, () => {
      const r = w2(["--x", json(c.inputs.x), "--y", json(c.inputs.y), "--estimator", "sorted_1d"]);
      expect(r.estimator).toBe("sorted_1d");
      expectClose(c.id, "w2", r.w2, c.expected.w2, c.tolerance);
      expectClose(c.id, "w2_squared", r.w2_squared, c.expected.w2_squared, c.tolerance);
      expect(r).toMatchObject({ n_x: c.inputs.x.length, n_y: c.inputs.y.length, d: 1 });
    });
  }
});

describe("scoresweep w2: golden empirical_w2.json (emd)", () => {
  const golden = loadGolden("empirical_w2.json");
  for (const c of golden.cases) {
    it(`w2: ${c.id} through --estimator emd`, () => {
      const args = ["--x", json(c.inputs.x), "--y", json(c.inputs.y), "--estimator", "emd"];
      if (c.inputs.a) args.push("--x-weights", json(c.inputs.a), "--y-weights", json(c.inputs.b));
      const r = w2(args);
      expectClose(c.id, "w2", r.w2, c.expected.w2, c.tolerance);
      expectClose(c.id, "w2_squared", r.w2_squared, c.expected.w2_squared, c.tolerance);
      expect(r.method).toBe(c.inputs.a ? "network_simplex" : "assignment");
    });
  }
});

describe("scoresweep w2: golden estimators.json", () => {
  const golden = loadGolden("estimators.json");
  for (const c of golden.cases) {
    if (c.inputs.target_mean !== undefined) {
      it(`w2: ${c.id} through --estimator gaussian_fit against gaussian:@target.json (ddof 0 and 1)`, () => {
        const target = json({ mean: c.inputs.target_mean, std: c.inputs.target_std });
        for (const ddof of [0, 1]) {
          const r = w2(["--x", json(c.inputs.x), "--y", `gaussian:@${target}`, "--estimator", "gaussian_fit", "--ddof", String(ddof)]);
          const e = c.expected[`ddof${ddof}`];
          expectClose(`${c.id} ddof${ddof}`, "w2", r.w2, e.w2, c.tolerance);
          expectClose(`${c.id} ddof${ddof}`, "w2_diag_only", r.w2_diag_only, e.w2_diag_only, c.tolerance);
          expect(r).toMatchObject({ ddof, y: "gaussian" });
        }
      });
    } else if (c.inputs.projections_columns !== undefined) {
      it(`w2: ${c.id} through --estimator sliced --directions`, () => {
        const r = w2(["--x", json(c.inputs.x), "--y", json(c.inputs.y), "--estimator", "sliced", "--directions", json(c.inputs.projections_columns)]);
        expectClose(c.id, "sw2", r.w2, c.expected.sw2, c.tolerance);
        expect(r).toMatchObject({ projections: c.inputs.projections_columns.length, directions: "given" });
      });
    } else {
      it(`w2: ${c.id} through --estimator sinkhorn --reg ${c.inputs.reg}`, () => {
        const r = w2(["--x", json(c.inputs.x), "--y", json(c.inputs.y), "--estimator", "sinkhorn", "--reg", String(c.inputs.reg)]);
        expectClose(c.id, "w2_estimate", r.w2, c.expected.w2_estimate, c.tolerance);
        expectClose(c.id, "sinkhorn_divergence", r.sinkhorn_divergence, c.expected.sinkhorn_divergence, c.tolerance);
        expect(r.converged).toBe(true);
      });
    }
  }
});

describe("scoresweep w2: file formats and Gaussian targets", () => {
  const c = loadGolden("empirical_w2.json").cases[4];
  const x: number[][] = c.inputs.x;
  const y: number[][] = c.inputs.y;

  it("w2: .npy (float64 little/big endian, Fortran order) and .csv with a header read the same points", () => {
    const csv = file(".csv", `a,b,c,d,e\n${y.map((r) => r.join(", ")).join("\n")}\n\n`);
    for (const [xf, yf] of [
      [npy(x), npy(y, ">f8")],
      [npy(x, "<f8", true), csv],
    ]) {
      const r = w2(["--x", xf, "--y", yf, "--estimator", "emd"]);
      expectClose(c.id, "w2", r.w2, c.expected.w2, c.tolerance);
    }
  });

  it("w2: .npy float32 gives the W2 of the float32-rounded points", () => {
    const r32 = w2(["--x", npy(x, "<f4"), "--y", npy(y, "<f4"), "--estimator", "emd"]);
    const round = (m: number[][]) => m.map((row) => row.map((v) => Math.fround(v)));
    const r64 = w2(["--x", json(round(x)), "--y", json(round(y)), "--estimator", "emd"]);
    expect(r32.w2).toBe(r64.w2);
  });

  it("w2: a 1-D .npy of shape (n,) is n points in one dimension", () => {
    const g = loadGolden("w2_1d.json").cases[0];
    const r = w2(["--x", npy(g.inputs.x), "--y", npy(g.inputs.y), "--estimator", "sorted_1d"]);
    expectClose(g.id, "w2", r.w2, g.expected.w2, g.tolerance);
  });

  it("w2: gaussian:mean=...,std=... with a sample-based estimator draws --y-samples reproducible points", () => {
    const a = w2(["--x", json(x), "--y", "gaussian:mean=0,std=1", "--estimator", "sliced", "--projections", "50", "--seed", "3", "--y-samples", "200"]);
    const b = w2(["--x", json(x), "--y", "gaussian:mean=0,std=1,dim=5", "--estimator", "sliced", "--projections", "50", "--seed", "3", "--y-samples", "200"]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ y: "gaussian_samples", y_samples: 200, y_seed: 3, n_y: 200, projections: 50, seed: 3 });
    expect(a.w2).toBeGreaterThan(0);
  });

  it("w2: the *_w1 estimators print w1, not w2", () => {
    const r = w2(["--x", json(x), "--y", json(y), "--estimator", "emd_w1"]);
    expect(r.w1).toBeGreaterThan(0);
    expect(r.w2).toBeUndefined();
  });

  it("w2: the W1 estimators may also be spelled as in points (w1_emd, w1_sliced), with the same result", () => {
    const a = w2(["--x", json(x), "--y", json(y), "--estimator", "emd_w1"]);
    const b = w2(["--x", json(x), "--y", json(y), "--estimator", "w1_emd"]);
    expect(b).toEqual(a);
    expect(b.estimator).toBe("emd_w1");
    const c = w2(["--x", json(x), "--y", json(y), "--estimator", "sliced_w1", "--projections", "20", "--seed", "4"]);
    expect(w2(["--x", json(x), "--y", json(y), "--estimator", "w1_sliced", "--projections", "20", "--seed", "4"])).toEqual(c);
  });

  it("w2: without --json prints a readable block", () => {
    const r = runCli(["w2", "--x", json(x), "--y", json(y), "--estimator", "emd"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^estimator\s+emd$/m);
    expect(r.stdout).toMatch(/^w2\s+3\.3777/m);
  });
});

describe("scoresweep w2: bad input (exit 2, one line, no stack trace)", () => {
  const x3 = json([[0, 0, 0], [1, 1, 1]]);
  const x2 = json([[0, 0], [1, 1]]);

  it("w2: mismatched dimensions", () => {
    expectUserError(runCli(["w2", "--x", x3, "--y", x2, "--estimator", "emd"]), /^scoresweep: w2Estimate: x and y must be of the same dimension; got dimensions 3 and 2$/);
  });

  it("w2: NaN and infinite coordinates (csv, npy)", () => {
    const nanCsv = file(".csv", "1,2\n3,nan\n");
    expectUserError(runCli(["w2", "--x", nanCsv, "--y", x2, "--estimator", "emd"]), /^scoresweep: --x: coordinates must be finite numbers; got NaN at line 2, column 2 of .*\.csv$/);
    const infNpy = npy([[1, 2], [Infinity, 0]]);
    expectUserError(runCli(["w2", "--x", x2, "--y", infNpy, "--estimator", "sliced"]), /^scoresweep: --y: coordinates must be finite numbers; got Infinity at row 1, column 0 of .*\.npy$/);
  });

  it("w2: empty clouds", () => {
    expectUserError(runCli(["w2", "--x", json([]), "--y", x2, "--estimator", "emd"]), /^scoresweep: --x: .*\.json must hold at least one point; got none$/);
    expectUserError(runCli(["w2", "--x", x2, "--y", file(".csv", "a,b\n"), "--estimator", "emd"]), /^scoresweep: --y: .*\.csv must hold at least one point; got none$/);
  });

  it("w2: unreadable or malformed files", () => {
    expectUserError(runCli(["w2", "--x", join(dir, "missing.json"), "--y", x2, "--estimator", "emd"]), /^scoresweep: --x: cannot read file ".*missing\.json" \(no such file\)$/);
    expectUserError(runCli(["w2", "--x", file(".txt", "1 2"), "--y", x2, "--estimator", "emd"]), /^scoresweep: --x: file extension must be one of \.json \| \.csv \| \.npy; got "\.txt"$/);
    expectUserError(runCli(["w2", "--x", file(".npy", "not numpy"), "--y", x2, "--estimator", "emd"]), /^scoresweep: --x: .*\.npy must be a NumPy \.npy file; got no \\x93NUMPY magic string$/);
    expectUserError(runCli(["w2", "--x", file(".json", "[[1,2],"), "--y", x2, "--estimator", "emd"]), /^scoresweep: --x: malformed JSON in .*\.json \(/);
    expectUserError(runCli(["w2", "--x", json([[1, 2], [3]]), "--y", x2, "--estimator", "emd"]), /^scoresweep: --x: row 1 of .*\.json must have 2 numbers \(as row 0\); got 1$/);
  });

  it("w2: bad options", () => {
    expectUserError(runCli(["w2", "--x", x2, "--y", x2, "--estimator", "exact"]), /^scoresweep: --estimator: must be one of sorted_1d \| gaussian_fit \| emd \| sliced \| sinkhorn \| sorted_1d_w1 \| emd_w1 \| sliced_w1; got "exact"$/);
    expectUserError(runCli(["w2", "--x", x2, "--y", x2, "--estimator", "sinkhorn"]), /^scoresweep: --reg: must be given for --estimator sinkhorn$/);
    expectUserError(runCli(["w2", "--x", x2, "--y", x2, "--estimator", "emd", "--reg", "1"]), /^scoresweep: --reg: applies only to --estimator sinkhorn; got --estimator emd$/);
    expectUserError(runCli(["w2", "--x", x2, "--y", x2, "--estimator", "sliced", "--projections", "0"]), /^scoresweep: --projections: must be an integer >= 1; got "0"$/);
    expectUserError(runCli(["w2", "--x", x2, "--y", x2, "--estimator", "sliced", "--directions", json([[1, 1]])]), /^scoresweep: slicedW2: options\.directions\[0\] must be a unit vector/);
    expectUserError(runCli(["w2", "--x", x2, "--y", "gaussian:mean=0,sd=1", "--estimator", "gaussian_fit"]), /^scoresweep: --y: Gaussian target keys must be mean, std or dim/);
    expectUserError(runCli(["w2", "--x", x2, "--y", "gaussian:std=-1", "--estimator", "gaussian_fit"]), /^scoresweep: --y: invalid Gaussian target \(data\.std/);
  });
});
