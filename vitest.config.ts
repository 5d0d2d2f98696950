import { defineConfig } from "vitest/config";

// Tests run against the TypeScript sources (the "source" export condition), so a
// stale dist/ never hides a change; only tests that spawn the CLI need the build.
export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
