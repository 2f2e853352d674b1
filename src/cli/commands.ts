// The CLI's command list: each command module exports one `register` function; add new ones here.
// Modules load lazily: `driftgate diff` must not pay for Fastify, the database drivers and git hosts
// that only `serve`, `check` or `pr` use (about 1 s of start-up on this machine).
import type { Command } from 'commander';
import type { CliIo } from './io.js';

/** Registers a subcommand; `setExit` records the exit code the command decided on. */
export type RegisterCommand = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/** Command name → its module's register function, in help order. */
export const COMMANDS: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  diff: async () => (await import('./diff.js')).registerDiff,
  analyze: async () => (await import('./analyze.js')).registerAnalyze,
  check: async () => (await import('./check.js')).registerCheck,
  serve: async () => (await import('./serve.js')).registerServe,
  pr: async () => (await import('./pr.js')).registerPr,
  sync: async () => (await import('./sync.js')).registerSync,
  record: async () => (await import('./record.js')).registerRecord,
  incidents: async () => (await import('./incidents.js')).registerIncidents,
};

/** The commands to register for an argv: only the one asked for, or all (help, unknown command). */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const name = argv.find((a) => !a.startsWith('-'));
  const names = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  return Promise.all(names.map((n) => COMMANDS[n]!()));
}
