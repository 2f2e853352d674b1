import { describe, expect, it } from 'vitest';
import { DriftgateError } from '../errors.js';
import type { Change } from '../findings.js';
import { applyIgnore, type IgnoreRule, parseIgnoreFile, ruleMatches } from './ignore.js';
import type { DiffResult } from './result.js';

function change(
  id: string,
  operation: string | null,
  message: string,
  level: Change['level'] = 'breaking',
): Change {
  return {
    id,
    level,
    operation,
    location: { base: '#/x', revision: null },
    message,
    before: null,
    after: null,
  };
}

const rule = (line: string): IgnoreRule => {
  const [r] = parseIgnoreFile(line, 'ignore.txt');
  return r!;
};

describe('parseIgnoreFile', () => {
  it('parses both formats, skipping blank lines and comments', () => {
    const rules = parseIgnoreFile(
      [
        '# a comment',
        '',
        '   ',
        'GET /api/{domain}/{project}/badges/security-score removed the success response with the status `200`',
        'in components removed the schema `rules`',
        'response-property-removed GET /pets/{petId} the response property `name`',
        'api-path-removed-without-deprecation *',
        'endpoint-added',
        'API get /health api path removed without deprecation',
      ].join('\r\n'),
      'ignore.txt',
    );
    expect(rules.map(({ line, checkId, operation, text }) => ({ line, checkId, operation, text }))).toEqual([
      {
        line: 4,
        checkId: null,
        operation: 'get /api/{}/{}/badges/security-score',
        text: "removed the success response with the status '200'",
      },
      { line: 5, checkId: null, operation: null, text: "in components removed the schema 'rules'" },
      {
        line: 6,
        checkId: 'response-property-removed',
        operation: 'get /pets/{}',
        text: "the response property 'name'",
      },
      { line: 7, checkId: 'api-path-removed-without-deprecation', operation: '*', text: '' },
      { line: 8, checkId: 'endpoint-added', operation: null, text: '' },
      { line: 9, checkId: null, operation: 'get /health', text: 'api path removed without deprecation' },
    ]);
  });

  it('parses the ignore files of the oasdiff corpus (copied verbatim)', () => {
    const files = {
      'ignore-err-example.txt':
        'GET /api/{domain}/{project}/badges/security-score removed the success response with the status `200`\nin components removed the schema `rules`\nremoved the schema `network-policies` from components\n\n',
      'ignore-err-example-2.txt':
        'API get /health api path removed without deprecation\nget /health/live api path removed without deprecation\nget /health/ready api path removed without deprecation',
      'ignore-warn-example.txt':
        'GET /api/{domain}/{project}/install-command deleted the `header` request parameter `network-policies`\n',
    };
    expect(
      Object.entries(files).map(([name, text]) => parseIgnoreFile(text, name).map((r) => r.operation)),
    ).toEqual([
      ['get /api/{}/{}/badges/security-score', null, null],
      ['get /health', 'get /health/live', 'get /health/ready'],
      ['get /api/{}/{}/install-command'],
    ]);
  });

  it('skips a byte-order mark', () => {
    expect(parseIgnoreFile('\ufeffendpoint-added *\n', 'bom.txt')[0]?.checkId).toBe('endpoint-added');
  });

  it('rejects binary content with the file name', () => {
    expect(() => parseIgnoreFile('a\u0000b', 'x.bin')).toThrowError(DriftgateError);
    try {
      parseIgnoreFile('a\u0000b', 'x.bin');
    } catch (e) {
      expect((e as DriftgateError).code).toBe('ignore.parse');
      expect((e as DriftgateError).location).toEqual({ file: 'x.bin' });
    }
  });
});

describe('ruleMatches', () => {
  const removed200 = change(
    'response-success-status-removed',
    'GET /api/{domain}/{project}/badges/security-score',
    "removed the success response with the status '200'",
  );
  const schemaRemoved = change('api-schema-removed', null, "removed the schema 'rules'");
  const cases: [string, Change, boolean][] = [
    // oasdiff lines
    [
      'GET /api/{domain}/{project}/badges/security-score removed the success response with the status `200`',
      removed200,
      true,
    ],
    [
      'get /API/{a}/{b}/badges/security-score removed the success response with the status `200`',
      removed200,
      true,
    ],
    ['GET /api/{domain}/{project}/badges/security-score removed the success response', removed200, true],
    [
      'GET /api/{domain}/{project}/badges/security-score removed the success response with the status `201`',
      removed200,
      false,
    ],
    ['POST /api/{domain}/{project}/badges/security-score removed the success response', removed200, false],
    ['GET /api/{domain}/badges/security-score removed the success response', removed200, false],
    ['removed the success response with the status `200`', removed200, false],
    ['GET /api/{domain}/{project}/badges/security-score', removed200, true],
    ['in components removed the schema `rules`', schemaRemoved, true],
    ['removed the schema `rules` from components', schemaRemoved, true],
    ['removed the schema "rules"', schemaRemoved, true],
    ['removed the schema `network-policies` from components', schemaRemoved, false],
    ['GET /x removed the schema `rules`', schemaRemoved, false],
    [
      'API get /health api path removed without deprecation',
      change('api-path-removed-without-deprecation', 'GET /health', 'api path removed without deprecation'),
      true,
    ],
    [
      'get /health/live api path removed without deprecation',
      change('api-path-removed-without-deprecation', 'GET /health', 'api path removed without deprecation'),
      false,
    ],
    // driftgate lines
    ['response-success-status-removed GET /api/{d}/{p}/badges/security-score', removed200, true],
    ['response-success-status-removed GET /api/{d}/{p}/badges/security-score status `200`', removed200, true],
    [
      'response-success-status-removed GET /api/{d}/{p}/badges/security-score status `404`',
      removed200,
      false,
    ],
    ['response-success-status-removed *', removed200, true],
    ['response-success-status-removed', removed200, false],
    ['response-non-success-status-removed *', removed200, false],
    ['api-schema-removed', schemaRemoved, true],
    ['api-schema-removed `rules`', schemaRemoved, true],
    ['api-schema-removed GET /x', schemaRemoved, false],
  ];
  it.each(cases)('%s', (line, c, expected) => {
    expect(ruleMatches(rule(line), c)).toBe(expected);
  });
});

describe('applyIgnore', () => {
  const result: DiffResult = {
    base: { title: 'A', version: '1' },
    revision: { title: 'A', version: '2' },
    summary: { breaking: 2, potentially_breaking: 1, non_breaking: 1 },
    changes: [
      change('api-schema-removed', null, "removed the schema 'rules'"),
      change('endpoint-added', 'GET /a', 'endpoint added', 'non_breaking'),
      change('api-removed-without-deprecation', 'GET /b', 'api removed without deprecation'),
      change(
        'response-property-enum-value-added',
        'GET /b',
        "added the new enum value 'x'",
        'potentially_breaking',
      ),
    ],
  };

  it('removes matched changes, recounts the summary and reports unused lines', () => {
    const rules = parseIgnoreFile(
      'api-removed-without-deprecation GET /b\n# note\nGET /zzz removed it\n',
      'i.txt',
    );
    const out = applyIgnore(result, rules);
    expect(out.result.summary).toEqual({ breaking: 1, potentially_breaking: 1, non_breaking: 1 });
    expect(out.result.changes.map((c) => c.id)).toEqual([
      'api-schema-removed',
      'endpoint-added',
      'response-property-enum-value-added',
    ]);
    expect(out.ignored.map((c) => c.id)).toEqual(['api-removed-without-deprecation']);
    expect(out.unused.map((r) => r.line)).toEqual([3]);
  });

  it('returns the result untouched without rules', () => {
    expect(applyIgnore(result, []).result).toBe(result);
  });
});
