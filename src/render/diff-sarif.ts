// `driftgate diff --format sarif`: SARIF 2.1.0 (OASIS), one rule per check id, one result per change,
// located in the revision file (the base file for removals) with the JSON pointer as a logical location.
import { CHECKS } from '../core/diff/checks.js';
import type { DiffResult } from '../core/diff/result.js';
import { type Change, type Level, stableHash } from '../core/findings.js';
import { type DiffRenderContext, failsGate } from './diff-format.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const RULE_LEVEL = {
  breaking: 'error',
  potentially_breaking: 'warning',
  non_breaking: 'note',
} as const satisfies Record<Level, string>;

export function renderDiffSarif(result: DiffResult, ctx: DiffRenderContext): string {
  const ids = [...new Set(result.changes.map((c) => c.id))].sort();
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const levelOf = new Map(result.changes.map((c) => [c.id, c.level]));
  const rules = ids.map((id) => {
    const doc = describe(id);
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
      shortDescription: { text: doc ?? id.replace(/-/g, ' ') },
      defaultConfiguration: { level: RULE_LEVEL[levelOf.get(id)!] },
      properties: { tags: ['openapi', levelOf.get(id)!] },
    };
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'driftgate',
            ...(ctx.toolVersion ? { version: ctx.toolVersion } : {}),
            rules,
          },
        },
        results: result.changes.map((c) => resultOf(c, ruleIndex.get(c.id)!, ctx)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function resultOf(c: Change, ruleIndex: number, ctx: DiffRenderContext): Record<string, unknown> {
  // Always the revision file (what the pull request changes); a removal points at the pointer it had in the base.
  const onRevision = c.location.revision !== null || c.location.base === null;
  const primary = location(
    ctx.revisionFile,
    onRevision ? 'revision' : 'base',
    c.location.revision ?? c.location.base,
    c.operation,
    ctx,
  );
  const related =
    c.location.base === null
      ? []
      : [
          {
            id: 1,
            ...location(ctx.baseFile, 'base', c.location.base, c.operation, ctx),
            message: { text: 'in the base document' },
          },
        ];
  return {
    ruleId: c.id,
    ruleIndex,
    level: failsGate(c.level, ctx.failOn) ? 'error' : c.level === 'non_breaking' ? 'note' : 'warning',
    message: { text: c.operation ? `${c.operation}: ${c.message}` : c.message },
    locations: [primary],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: {
      'driftgate/v1': stableHash(
        [c.id, c.operation ?? '', c.location.base ?? '', c.location.revision ?? ''].join('\u0000'),
      ),
    },
    properties: { level: c.level },
  };
}

function location(
  file: string,
  side: 'base' | 'revision',
  ptr: string | null,
  operation: string | null,
  ctx: DiffRenderContext,
): Record<string, unknown> {
  // The line is only meaningful in the file it is looked up in.
  const line =
    ptr === null || (side === 'base' && file !== ctx.baseFile) ? undefined : ctx.lineOf?.(side, ptr);
  return {
    physicalLocation: {
      artifactLocation: { uri: fileUri(file) },
      ...(line !== undefined ? { region: { startLine: line } } : {}),
    },
    logicalLocations: [
      {
        ...(operation ? { name: operation } : {}),
        fullyQualifiedName: ptr ?? '#',
        kind: 'object',
      },
    ],
  };
}

/** A relative URI reference for a path as the user typed it (SARIF §3.10: artifactLocation.uri). */
function fileUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  const encoded = file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
  return encoded.startsWith('/') ? `file://${encoded}` : encoded;
}

function describe(id: string): string | undefined {
  const spec = (CHECKS as Readonly<Record<string, { readonly doc?: string } | undefined>>)[id];
  return spec?.doc;
}
