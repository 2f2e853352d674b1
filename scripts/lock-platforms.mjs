#!/usr/bin/env node
// Keeps package-lock.json installable with `npm ci` everywhere: npm 11 writes only the optional platform
// packages its registry serves (here: Biome's linux builds), then `npm ci` refuses the lock because the
// other platforms' entries are missing. This re-adds them from @biomejs/biome's optionalDependencies
// (they are never fetched on a platform they do not match). Run after `npm install`: `npm run lock:fix`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const PLATFORMS = {
  'android-arm64': ['android', 'arm64'],
  'android-x64': ['android', 'x64'],
  'darwin-arm64': ['darwin', 'arm64'],
  'darwin-x64': ['darwin', 'x64'],
  'linux-arm64': ['linux', 'arm64', 'glibc'],
  'linux-x64': ['linux', 'x64', 'glibc'],
  'linux-arm64-musl': ['linux', 'arm64', 'musl'],
  'linux-x64-musl': ['linux', 'x64', 'musl'],
  'win32-arm64': ['win32', 'arm64'],
  'win32-x64': ['win32', 'x64'],
};
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  if (!key.endsWith('node_modules/@biomejs/biome')) continue;
  const base = key.slice(0, -'biome'.length);
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const entry = `${base}${name.slice('@biomejs/'.length)}`;
    if (lock.packages[entry]) continue;
    const [os, cpu, libc] = PLATFORMS[name.slice('@biomejs/cli-'.length)] ?? [];
    if (!os) continue;
    lock.packages[entry] = {
      version,
      cpu: [cpu],
      dev: pkg.dev ?? undefined,
      ...(libc ? { libc: [libc] } : {}),
      license: 'MIT OR Apache-2.0',
      optional: true,
      os: [os],
      engines: { node: '>=14.21.3' },
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: added ${added} entries`);
