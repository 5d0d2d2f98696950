import type { RunProgress } from "@scoresweep/coordinator";

/** Formats seconds as `1h02m`, `3m05s` or `12s`. */
function duration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const t = Math.round(s);
  if (t >= 3600) return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}m`;
  if (t >= 60) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, "0")}s`;
  return `${t}s`;
}

/** Compact number: 1.2e6 → `1.2M`. */
function compact(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(1)}G`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}

/** One progress line: bar, points, shards, failures, ETA, particles/s. */
export function progressLine(p: RunProgress, width = 24): string {
  const frac = p.shardsTotal > 0 ? p.shardsDone / p.shardsTotal : 1;
  const filled = Math.round(frac * width);
  const computed = p.shardsDone - p.shardsSkipped;
  const rate = p.elapsedSeconds > 0 ? computed / p.elapsedSeconds : 0;
  const left = p.shardsTotal - p.shardsDone - p.shardsFailed;
  const eta = rate > 0 ? left / rate : Infinity;
  return (
    `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(1).padStart(5)}%  ` +
    `points ${p.pointsDone}/${p.pointsTotal}  shards ${p.shardsDone}/${p.shardsTotal}` +
    (p.shardsFailed > 0 ? `  failed ${p.shardsFailed}` : "") +
    `  eta ${left === 0 ? "0s" : duration(eta)}  ${compact(p.particlesPerSecond)} particles/s`
  );
}

/**
 * A progress reporter for long work: a live bar redrawn in place on a TTY; on anything else (a log file, CI) a plain
 * line at most every `plainEveryMs`, so logs stay readable. Writes to stderr so stdout stays machine-readable.
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 5000): { update(p: RunProgress): void; done(): void } {
  const tty = stream.isTTY === true;
  let lastPlain = -Infinity;
  let drawn = false;
  return {
    update(p) {
      if (tty) {
        stream.write(`\r${progressLine(p).slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
        drawn = true;
      } else if (performance.now() - lastPlain >= plainEveryMs) {
        lastPlain = performance.now();
        stream.write(`${progressLine(p)}\n`);
      }
    },
    done() {
      if (tty && drawn) stream.write("\n");
    },
  };
}
