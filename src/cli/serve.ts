// `driftgate serve`: the REST API, dashboard and workers, on SQLite by default (INTERFACES.md).
import type { Command } from 'commander';
import { composeServer } from '../compose.js';
import { usageError } from './exit.js';
import type { CliIo } from './io.js';

function portOf(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usageError(`--port must be 0..65535, got '${v}'`);
  return n;
}

export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'start the server (REST API under /api/v1/drift/, workers); SQLite under ./.driftgate by default',
    )
    .option('--config <file>', 'config file (default: $DRIFTGATE_CONFIG, else the bundled example workspace)')
    .option('--port <n>', 'port (default: $PORT, else 3000)', portOf)
    .option('--host <addr>', 'bind address (default 0.0.0.0 with tokens, 127.0.0.1 without)')
    .action(async (opts: { config?: string; port?: number; host?: string }) => {
      const server = await composeServer({
        env: process.env,
        configPath: opts.config,
        port: opts.port,
        host: opts.host,
      });
      const address = await server.listen();
      for (const note of server.notes) io.stderr.write(`driftgate: ${note}\n`);
      io.stderr.write(`driftgate: serving on ${address} (${server.store.dialect})\n`);
      await new Promise<void>((resolveStop) => {
        const stop = (signal: string) => {
          io.stderr.write(`driftgate: ${signal}, finishing in-flight requests\n`);
          void server.close().then(resolveStop, resolveStop);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
