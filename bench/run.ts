// `npm run bench`: runs every `bench:*` script of package.json in turn (each prints its own table).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};
const names = Object.keys(pkg.scripts)
  .filter((s) => s.startsWith('bench:'))
  .sort();
let failed = 0;
for (const name of names) {
  process.stderr.write(`\n== npm run ${name}\n`);
  const r = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
