#!/usr/bin/env node
// The package's bin: runs the compiled CLI (built by `npm ci` through the `prepare` script).
import { guardRegExpBacktracking } from '../dist/adapters/regexp-guard.js';
import { main } from '../dist/cli/main.js';

// Before any spec pattern is compiled: a catastrophic `pattern` cannot stall analysis or the proxy.
guardRegExpBacktracking();
process.exitCode = await main(process.argv.slice(2));
