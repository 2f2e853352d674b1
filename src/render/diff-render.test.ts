// Every diff renderer on one hand-built result with hostile text (markup, quotes, %, newlines, control
// characters), compared with golden files; plus the format-specific rules (escaping, gate, SARIF shape).
// Refresh goldens after an intended change: UPDATE_GOLDEN=1 npx vitest run src/render/diff-render.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { DiffResult } from '../core/diff/result.js';
import type { Change } from '../core/findings.js';
import { DIFF_FORMATS, type DiffRenderContext, failsGate } from './diff-format.js';
import { renderDiffGithub } from './diff-github.js';
import { renderDiffJsonChunks } from './diff-json.js';
import { renderDiffJunit } from './diff-junit.js';
import { renderDiffMarkdown } from './diff-markdown.js';
import { renderDiff } from './diff-render.js';
import { renderDiffSarif } from './diff-sarif.js';
import { renderDiffText } from './diff-text.js';

const GOLDEN = new URL('../../test/fixtures/cli/render/', import.meta.url);

function c(partial: Partial<Change> & Pick<Change, 'id' | 'level' | 'message'>): Change {
  return { operation: null, location: { base: null, revision: null }, before: null, after: null, ...partial };
}

const HOSTILE: DiffResult = {
  base: { title: 'Pets <API> & "friends"', version: '1.0.0' },
  revision: { title: 'Pets <API> & "friends"', version: '2.0.0' },
  summary: { breaking: 2, potentially_breaking: 1, non_breaking: 2 },
  changes: [
    c({
      id: 'api-security-removed',
      level: 'non_breaking',
      location: { base: '#/security/0', revision: null },
      message: "removed the security requirement 'api_key'",
      before: { api_key: [] },
    }),
    c({
      id: 'api-removed-without-deprecation',
      level: 'breaking',
      operation: 'DELETE /pets/{petId}',
      location: { base: '#/paths/~1pets~1{petId}/delete', revision: null },
      message: 'api removed without deprecation',
      before: { operationId: 'deletePet' },
    }),
    c({
      id: 'response-property-enum-value-added',
      level: 'potentially_breaking',
      operation: 'GET /pets/{petId}',
      location: {
        base: '#/paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema/properties/status',
        revision:
          '#/paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema/properties/status',
      },
      message:
        "added the new 'sold|gone' enum value to the 'status' response property for the response status '200'",
      before: ['available'],
      after: ['available', 'sold|gone'],
    }),
    c({
      id: 'request-parameter-pattern-added',
      level: 'breaking',
      operation: 'GET /pets/{petId}',
      location: {
        base: '#/paths/~1pets~1{petId}/get/parameters/0',
        revision: '#/paths/~1pets~1{petId}/get/parameters/0',
      },
      message:
        "added the pattern '^[a-z]+,\\d{2}:%s$' to the 'path' request parameter 'petId'\nsecond line\r\u0007 <b>&amp;</b> `code`",
      before: null,
      after: '^[a-z]+,\\d{2}:%s$',
    }),
    c({
      id: 'endpoint-added',
      level: 'non_breaking',
      operation: 'POST /pets',
      location: { base: null, revision: '#/paths/~1pets/post' },
      message: 'endpoint added',
      after: { operationId: 'createPet' },
    }),
  ],
};

const EMPTY: DiffResult = {
  base: { title: '', version: '1' },
  revision: { title: '', version: '1' },
  summary: { breaking: 0, potentially_breaking: 0, non_breaking: 0 },
  changes: [],
};

const CTX: DiffRenderContext = {
  failOn: 'breaking',
  baseFile: 'specs/base v1.yaml',
  revisionFile: 'specs/revision.yaml',
  ignored: 3,
  toolVersion: '0.1.0',
};

function golden(name: string, actual: string): void {
  const file = new URL(name, GOLDEN);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('diff renderers: golden output', () => {
  it.each(DIFF_FORMATS)('%s', (format) => {
    golden(`hostile.${format}.golden`, renderDiff(format, HOSTILE, CTX));
  });
  it.each(DIFF_FORMATS)('%s with no changes', (format) => {
    golden(`empty.${format}.golden`, renderDiff(format, EMPTY, { ...CTX, ignored: 0 }));
  });
  it('text in colour', () => {
    golden('hostile.text-color.golden', renderDiffText(HOSTILE, { ...CTX, color: true }));
  });
});

describe('the gate', () => {
  it.each([
    ['breaking', [true, false, false]],
    ['potentially_breaking', [true, true, false]],
    ['non_breaking', [true, true, true]],
    ['never', [false, false, false]],
  ] as const)('--fail-on %s', (failOn, expected) => {
    expect(
      (['breaking', 'potentially_breaking', 'non_breaking'] as const).map((l) => failsGate(l, failOn)),
    ).toEqual(expected);
  });

  it('junit fails exactly the operations with a change at or above --fail-on', () => {
    const failuresFor = (failOn: DiffRenderContext['failOn']) =>
      /<testsuites [^>]*failures="(\d+)"/.exec(renderDiffJunit(HOSTILE, { ...CTX, failOn }))![1];
    expect(
      ['breaking', 'potentially_breaking', 'non_breaking', 'never'].map((f) => failuresFor(f as never)),
    ).toEqual(['2', '2', '4', '0']);
  });
});

describe('github workflow commands', () => {
  it('escapes %, CR, LF in messages and also : and , in properties', () => {
    const lines = renderDiffGithub(HOSTILE, CTX).split('\n');
    const pattern = lines.find((l) => l.includes('request-parameter-pattern-added'))!;
    expect(pattern).toBe(
      "::error file=specs/revision.yaml,title=request-parameter-pattern-added GET /pets/{petId}::added the pattern '^[a-z]+,\\d{2}:%25s$' to the 'path' request parameter 'petId'%0Asecond line%0D\u0007 <b>&amp;</b> `code` (#/paths/~1pets~1{petId}/get/parameters/0)",
    );
    const custom = renderDiffGithub(
      { ...EMPTY, changes: [c({ id: 'x-y', level: 'breaking', operation: 'GET /a', message: 'm' })] },
      { ...CTX, revisionFile: 'dir,1/a:b%.yaml' },
    );
    expect(custom).toBe('::error file=dir%2C1/a%3Ab%25.yaml,title=x-y GET /a::m\n');
  });

  it('adds the line when the revision file position is known', () => {
    const out = renderDiffGithub(HOSTILE, {
      ...CTX,
      lineOf: (side, ptr) => (side === 'revision' ? ptr.length : undefined),
    });
    expect(out.split('\n')[4]).toBe(
      '::notice file=specs/revision.yaml,line=19,title=endpoint-added POST /pets::endpoint added (#/paths/~1pets/post)',
    );
  });
});

describe('markdown', () => {
  it('stays under the size cap, cutting the least breaking rows first and saying how many are hidden', () => {
    const many: DiffResult = {
      ...EMPTY,
      summary: { breaking: 50, potentially_breaking: 0, non_breaking: 500 },
      changes: [
        ...Array.from({ length: 50 }, (_, i) =>
          c({
            id: 'api-removed-without-deprecation',
            level: 'breaking',
            operation: `GET /b/${i}`,
            message: 'api removed without deprecation',
          }),
        ),
        ...Array.from({ length: 500 }, (_, i) =>
          c({
            id: 'endpoint-added',
            level: 'non_breaking',
            operation: `GET /n/${i}`,
            message: 'endpoint added',
          }),
        ),
      ],
    };
    const md = renderDiffMarkdown(many, { ...CTX, maxChars: 6000 });
    expect(md.length).toBeLessThanOrEqual(6000);
    expect(md.match(/\| `GET \/b\//g)).toHaveLength(50);
    const shown = md.match(/\| `GET \/n\//g)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(md).toContain(
      `_…and ${500 - shown} more not shown: the comment would exceed GitHub's 65,536-character limit`,
    );
    expect(renderDiffMarkdown(many, CTX)).not.toContain('not shown');
  });
});

describe('junit', () => {
  it('is well-formed: every tag closed, no raw markup or control characters in text', () => {
    const xml = renderDiffJunit(HOSTILE, CTX);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence.
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const stack: string[] = [];
    for (const m of xml.matchAll(/<(\/?)([a-z-]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>/g)) {
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else if (!m[4]) stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
    const stripped = xml.replace(/<\?xml[^>]*\?>|<\/?[a-z-]+(?:\s+[a-z]+="[^"<]*")*\s*\/?>/g, '');
    expect(stripped).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;|#\d+;)/);
  });
});

// The parts of the SARIF 2.1.0 schema (docs.oasis-open.org/sarif/sarif/v2.1.0) that consumers such as GitHub
// code scanning rely on, with the property names of those objects closed so a misspelling fails.
const message = { type: 'object', required: ['text'], properties: { text: { type: 'string' } } };
const location = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: -1 },
    message,
    physicalLocation: {
      type: 'object',
      additionalProperties: false,
      required: ['artifactLocation'],
      properties: {
        artifactLocation: {
          type: 'object',
          additionalProperties: false,
          required: ['uri'],
          properties: { uri: { type: 'string', format: 'uri-reference' } },
        },
        region: {
          type: 'object',
          additionalProperties: false,
          properties: { startLine: { type: 'integer', minimum: 1 } },
        },
      },
    },
    logicalLocations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          fullyQualifiedName: { type: 'string' },
          kind: { type: 'string' },
        },
      },
    },
  },
};
const SARIF_ESSENTIALS = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool'],
        additionalProperties: false,
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string' },
                  version: { type: 'string' },
                  informationUri: { type: 'string', format: 'uri' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id'],
                      additionalProperties: false,
                      properties: {
                        id: { type: 'string' },
                        name: { type: 'string' },
                        shortDescription: message,
                        fullDescription: message,
                        defaultConfiguration: {
                          type: 'object',
                          properties: { level: { enum: ['none', 'note', 'warning', 'error'] } },
                        },
                        properties: { type: 'object' },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              additionalProperties: false,
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message,
                locations: { type: 'array', items: location },
                relatedLocations: { type: 'array', items: location },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
                properties: { type: 'object' },
              },
            },
          },
        },
      },
    },
  },
};

describe('sarif', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(SARIF_ESSENTIALS);

  it.each([
    ['hostile', HOSTILE, CTX],
    ['empty', EMPTY, CTX],
    [
      'with lines, absolute paths, stdin',
      HOSTILE,
      { ...CTX, baseFile: '/abs/base #1.yaml', revisionFile: '<stdin>', lineOf: () => 7 },
    ],
  ] as const)('matches the SARIF 2.1.0 essentials: %s', (_name, result, ctx) => {
    const sarif = JSON.parse(renderDiffSarif(result, ctx)) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number }[];
      }[];
    };
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const run = sarif.runs[0]!;
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it('maps levels: error at or above --fail-on, else warning or note', () => {
    const levels = (failOn: DiffRenderContext['failOn']) =>
      (
        JSON.parse(renderDiffSarif(HOSTILE, { ...CTX, failOn })) as {
          runs: { results: { level: string }[] }[];
        }
      ).runs[0]!.results.map((r) => r.level);
    expect(levels('breaking')).toEqual(['note', 'error', 'warning', 'error', 'note']);
    expect(levels('never')).toEqual(['note', 'warning', 'warning', 'warning', 'note']);
  });
});

describe('json chunks', () => {
  it.each([
    ['hostile', HOSTILE],
    ['empty', EMPTY],
  ] as const)('are JSON.stringify(shape, null, 2) byte for byte: %s', (_name, result) => {
    const shape = {
      base: result.base,
      revision: result.revision,
      summary: result.summary,
      changes: result.changes.map((ch) => ({
        id: ch.id,
        level: ch.level,
        operation: ch.operation,
        location: ch.location,
        message: ch.message,
        before: ch.before,
        after: ch.after,
      })),
    };
    expect([...renderDiffJsonChunks(result)].join('')).toBe(`${JSON.stringify(shape, null, 2)}\n`);
  });
});
