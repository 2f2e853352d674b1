// Every config example in examples/ loads (and the seed copy is byte-identical to the design seed).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';

const DIR = new URL('../../examples/', import.meta.url);
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

describe('examples/*.yaml', () => {
  it.each(files.map((f) => [f]))('%s is a valid config', (file) => {
    expect(() => parseConfig(readFileSync(new URL(file, DIR), 'utf8'), { file, env: {} })).not.toThrow();
  });

  // The design folder sits next to the checkout in development; CI has only the repository.
  const designSeed = new URL('../../../shared/design/seed-config.yaml', import.meta.url);
  // test/config/seed-config.verbatim is the seed byte for byte (an extension Biome leaves alone);
  // examples/seed-config.yaml is the same document as formatted by Biome.
  it.skipIf(!existsSync(designSeed))(
    'test/config/seed-config.verbatim is the design seed byte for byte',
    () => {
      expect(readFileSync(new URL('seed-config.verbatim', import.meta.url), 'utf8')).toBe(
        readFileSync(designSeed, 'utf8'),
      );
    },
  );

  it('examples/seed-config.yaml is the seed document', () => {
    const verbatim = readFileSync(new URL('seed-config.verbatim', import.meta.url), 'utf8');
    expect(parseConfig(readFileSync(new URL('seed-config.yaml', DIR), 'utf8'))).toEqual(
      parseConfig(verbatim),
    );
  });

  it('the full example uses env defaults', () => {
    const c = parseConfig(readFileSync(new URL('driftgate.yaml', DIR), 'utf8'), { env: { PORT: '8080' } });
    expect(c.server.port).toBe(8080);
    expect(c.incidents.webhooks[1]?.headers.Authorization).toBe('Basic changeme');
  });
});
