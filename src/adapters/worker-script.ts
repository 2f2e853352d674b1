// How a worker thread is started for a module of this package: the compiled .js next to the caller, or,
// when the caller runs from its .ts source (tests and benchmarks under tsx or vitest), a bootstrap that
// registers tsx in the worker before importing the source.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** `new Worker(script, { eval })` arguments for `module` (a sibling `./name.js` URL of the caller). */
export function workerScript(module: URL): { script: URL | string; eval: boolean } {
  if (!module.pathname.endsWith('.ts')) return { script: module, eval: false };
  // tsx's ESM entry of its API (`tsx/esm/api` resolves to the CommonJS build under require).
  const tsxRoot = dirname(createRequire(module).resolve('tsx/package.json'));
  const tsx = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  return {
    script: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(module.href)}); });`,
    eval: true,
  };
}

/** The URL of a sibling module of `here` (import.meta.url), keeping the caller's extension (.ts or .js). */
export function sibling(here: string, name: string): URL {
  return new URL(`./${name}${here.endsWith('.ts') ? '.ts' : '.js'}`, here);
}
