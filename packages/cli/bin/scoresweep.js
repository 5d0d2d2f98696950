#!/usr/bin/env node
// Entry of the `scoresweep` binary: runs the compiled CLI (build with `npm run build` at the repository root).
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv);
