/**
 * Output of a command: with `--json`, one JSON object per line (DESIGN §7); otherwise a readable block per record.
 * Numbers print at full precision in JSON (round-trip), at 6 significant digits for people.
 */
export interface Output {
  /** Emits one record. */
  record(obj: Record<string, unknown>): void;
  /** A note for people (stderr); silent in JSON mode only when `quiet`. */
  note(line: string): void;
}

function human(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(6);
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const shown = value.slice(0, 6).map(human).join(", ");
    return value.length > 6 ? `[${shown}, … (${value.length})]` : `[${shown}]`;
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Creates the output sink for a command. */
export function createOutput(json: boolean, stdout: (s: string) => void = (s) => process.stdout.write(s), stderr: (s: string) => void = (s) => process.stderr.write(s)): Output {
  return {
    record(obj) {
      if (json) {
        stdout(`${JSON.stringify(obj)}\n`);
        return;
      }
      const width = Math.max(...Object.keys(obj).map((k) => k.length));
      const lines = Object.entries(obj).map(([k, v]) => `${k.padEnd(width)}  ${human(v)}`);
      stdout(`${lines.join("\n")}\n\n`);
    },
    note(line) {
      stderr(`${line}\n`);
    },
  };
}
