// CLI entry: builds the commander program from the command modules and maps failures to exit codes.
import { Command, CommanderError } from 'commander';
import { commandsFor } from './commands.js';
import { EXIT, exitFor } from './exit.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

export type { CliIo } from './io.js';

/** Runs the CLI; resolves to the process exit code. Never calls process.exit (tests run it in-process). */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('driftgate')
    .description('Keeps API contracts honest: spec, traffic and upstream drift against budgets.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError();
  for (const register of await commandsFor(argv)) {
    register(program, io, (c) => {
      code = c;
    });
  }
  try {
    await program.parseAsync(['node', 'driftgate', ...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; every other commander complaint is a usage error.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { message, code: failure } = exitFor(e);
    io.stderr.write(`${message}\n`);
    return failure;
  }
  return code;
}
