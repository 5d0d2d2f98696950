/** Categorical colours (Tableau 10): distinct on white and in most colour-vision deficiencies' confusion pairs. */
export const PALETTE: readonly string[] = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#7f7f7f"];

/** The i-th palette colour (cycling). */
export function paletteColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}
