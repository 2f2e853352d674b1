// The npm-installable peers `npm run bench:diff` compares with (../shared/corpus/bench/README.md). They are
// not project dependencies: each is installed on first use into its own prefix under bench/.peers/ (gitignored).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Peer {
  /** Short name used in tables and `--peers`. */
  readonly name: string;
  /** How the README and users call it. */
  readonly label: string;
  readonly pkg: string;
  readonly version: string;
  readonly bin: string;
  readonly args: (base: string, revision: string) => string[];
  readonly timeoutMs: number;
  /** Slow tools run once; fast ones get the median of several runs. */
  readonly slow: boolean;
  /** npm `overrides` needed for the package to start at all. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Whether a non-zero exit still means "diff produced" (tools that exit 1 on breaking changes). */
  readonly okExitCodes: readonly number[];
}

export const PEERS: readonly Peer[] = [
  {
    name: 'redocly',
    label: 'Redocly CLI `redocly diff`',
    pkg: '@redocly/cli',
    version: '2.77.0',
    bin: 'redocly',
    args: (a, b) => ['diff', a, b, '--format', 'json', '--fail-on', 'none'],
    timeoutMs: 60_000,
    slow: false,
    okExitCodes: [0],
  },
  {
    name: 'openapi-diff',
    label: 'Atlassian `openapi-diff`',
    pkg: 'openapi-diff',
    version: '0.24.1',
    bin: 'openapi-diff',
    args: (a, b) => [a, b],
    timeoutMs: 90_000,
    slow: true,
    okExitCodes: [0, 1],
  },
  {
    name: 'optic',
    label: 'Optic `optic diff --check --validation loose`',
    pkg: '@useoptic/optic',
    version: '1.0.9',
    bin: 'optic',
    args: (a, b) => ['diff', a, b, '--check', '--json', '--validation', 'loose'],
    timeoutMs: 180_000,
    slow: true,
    // Its tree hoists ajv 8.17 next to spectral-core's nested 8.20, and ajv-errors then compiles against the
    // wrong codegen ("Unexpected token ':'" at startup). One ajv for everyone fixes it.
    overrides: { ajv: '8.20.0' },
    okExitCodes: [0, 1],
  },
];

export const PEERS_DIR = new URL('../.peers/', import.meta.url).pathname;

/** Path of the peer's executable, installing the pinned version first when it is missing. */
export function ensurePeer(peer: Peer, log: (line: string) => void): string {
  const prefix = join(PEERS_DIR, peer.name);
  const bin = join(prefix, 'node_modules', '.bin', peer.bin);
  if (existsSync(bin)) return bin;
  mkdirSync(prefix, { recursive: true });
  writeFileSync(
    join(prefix, 'package.json'),
    `${JSON.stringify({ private: true, ...(peer.overrides ? { overrides: peer.overrides } : {}) }, null, 2)}\n`,
  );
  log(`installing ${peer.pkg}@${peer.version} into ${prefix} (first run only)`);
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', `${peer.pkg}@${peer.version}`],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return bin;
}
