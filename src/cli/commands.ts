// The CLI's command list: each command module exports one `register` function; add new ones here.
import type { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerCheck } from './check.js';
import { registerDiff } from './diff.js';
import { registerIncidents } from './incidents.js';
import type { CliIo } from './io.js';
import { registerPr } from './pr.js';
import { registerRecord } from './record.js';
import { registerServe } from './serve.js';
import { registerSync } from './sync.js';

/** Registers a subcommand; `setExit` records the exit code the command decided on. */
export type RegisterCommand = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

export const commands: readonly RegisterCommand[] = [
  registerDiff,
  registerAnalyze,
  registerCheck,
  registerServe,
  registerPr,
  registerSync,
  registerRecord,
  registerIncidents,
];
