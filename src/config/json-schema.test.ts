// docs/config.schema.json must be exactly what the zod schema generates.
// Regenerate: UPDATE_CONFIG_SCHEMA=1 npx vitest run src/config/json-schema.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema } from './schema.js';

const FILE = new URL('../../docs/config.schema.json', import.meta.url);
const SEED = new URL('../../test/config/seed-config.verbatim', import.meta.url);

describe('docs/config.schema.json', () => {
  const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
  if (process.env.UPDATE_CONFIG_SCHEMA === '1') writeFileSync(FILE, generated);

  it('equals the schema generated from the zod config schema', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(generated);
  });

  it('accepts the seed config and rejects an unknown key', () => {
    const ajv = new Ajv2020.default({ strict: false });
    const validate = ajv.compile(configJsonSchema());
    expect(validate(parse(readFileSync(SEED, 'utf8')))).toBe(true);
    expect(validate({ drift_budget: { default_budgets: {} } })).toBe(false);
  });
});
