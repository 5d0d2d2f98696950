/**
 * The Gao–Nguyen–Zhu iteration-complexity table (papers.md §1(e), Dec-2023 table, VERIFIED from the authors' repo):
 * per forward-SDE row, the upper bound on the iterations K needed for W2 ≤ ε, with its polynomial exponents in d and
 * 1/ε (log factors listed apart), and the Gaussian lower bound Ω(√d/ε) (papers.md §1(f)).
 */

/** One row of the table, keyed by the scoresweep family that implements it (DESIGN §1). */
export interface GnzRow {
  /** scoresweep `sde.family`. */
  family: string;
  /** Row label in the paper's table (VE-1 … VP-exp). */
  row: string;
  /** The K column as printed. */
  bound: string;
  /** Polynomial exponents of the bound in d and in 1/ε (log factors left out), from the family's parameters. */
  exponents(params: Readonly<Record<string, unknown>>): { d: number; invEps: number };
  /** The log factor of the bound, or "" when there is none. */
  logFactor: string;
}

/** The rows in the order of the paper's table. */
export const GNZ_ROWS: readonly GnzRow[] = [
  { family: "ve_exp", row: "VE-1", bound: "O(d·log(d/ε)/ε²)", exponents: () => ({ d: 1, invEps: 2 }), logFactor: "log(d/ε)" },
  { family: "ve_const", row: "VE-2", bound: "O(d^{3/2}·log(d/ε)/ε³)", exponents: () => ({ d: 1.5, invEps: 3 }), logFactor: "log(d/ε)" },
  { family: "ve_sqrt", row: "VE-3", bound: "O(d^{5/4}/ε^{5/2})", exponents: () => ({ d: 1.25, invEps: 2.5 }), logFactor: "" },
  {
    family: "ve_power",
    row: "VE-4",
    bound: "O(d^{1/(2(2c+1))+1}/ε^{1/(2c+1)+2})",
    exponents: (p) => {
      const c = Number(p.c);
      return { d: 1 / (2 * (2 * c + 1)) + 1, invEps: 1 / (2 * c + 1) + 2 };
    },
    logFactor: "",
  },
  { family: "ou", row: "VP-0 (OU)", bound: "O(d·log(d/ε)/ε²)", exponents: () => ({ d: 1, invEps: 2 }), logFactor: "log(d/ε)" },
  { family: "vp_linear", row: "VP-lin", bound: "O(d·√log(d/ε)/ε²)", exponents: () => ({ d: 1, invEps: 2 }), logFactor: "√log(d/ε)" },
  { family: "vp_polynomial", row: "VP-poly", bound: "O(d·log(d/ε)^{1/(ρ+1)}/ε²)", exponents: () => ({ d: 1, invEps: 2 }), logFactor: "log(d/ε)^{1/(ρ+1)}" },
  { family: "vp_exponential", row: "VP-exp", bound: "O(d·log log(d/ε)/ε²)", exponents: () => ({ d: 1, invEps: 2 }), logFactor: "log log(d/ε)" },
];

/** Exponents of the Gaussian lower bound Ω(√d/ε) (papers.md §1(f)). */
export const GNZ_LOWER_BOUND = { bound: "Ω(√d/ε)", d: 0.5, invEps: 1 } as const;

/** The row of a family, or undefined. */
export function gnzRow(family: string): GnzRow | undefined {
  return GNZ_ROWS.find((r) => r.family === family);
}
