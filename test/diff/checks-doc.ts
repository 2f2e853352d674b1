// Renders docs/diff-checks.md: every check id the diff engine emits, its level, direction and meaning.
import { CHECK_IDS, CHECKS } from '../../src/core/diff/index.js';

const AREA_ORDER = [
  [
    'Paths and operations',
    /^(endpoint-|api-(path|removed|deprecated|sunset|operation-id|tag|stability|invalid)|sunset-)/,
  ],
  [
    'Parameters',
    /^(request-parameter-|new-(required|optional)-request-parameter|new-request-path-parameter)/,
  ],
  ['Request bodies', /^request-body-/],
  [
    'Request properties',
    /^(request-property-|new-(required|optional)-request-property|request-(required|optional)-property-)/,
  ],
  [
    'Responses and headers',
    /^(response-(success|non-success)-status|response-media-type|response-header|required-response-header|optional-response-header)/,
  ],
  ['Response bodies', /^response-body-/],
  ['Response properties', /^(response-property-|response-(required|optional)-|response-write-only-)/],
  ['Security', /^api-(global-)?security/],
  ['Servers and components', /^api-(server|schema)/],
] as const;

const LEVEL_LABEL = {
  breaking: 'breaking',
  potentially_breaking: 'potentially breaking',
  non_breaking: 'non-breaking',
};

/** Plain-English meaning from the message template: placeholders become their names in italics. */
function meaning(message: string): string {
  return message.replace(/\{(\w+)\}/g, (_, k: string) => `_${k}_`).replace(/\|/g, '\\|');
}

/** Table cells trimmed and rules shortened, so Biome's column padding of the Markdown does not matter. */
export function normalizeTables(md: string): string {
  return md
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim().replace(/^-+$/, '---'))
            .join('|')
        : line,
    )
    .join('\n');
}

export function renderChecksDoc(): string {
  const lines = [
    '# Diff checks',
    '',
    "Every check `driftgate diff` (`diffSpecs`) can emit. Ids are oasdiff's where the concept matches (column",
    '"oasdiff": yes), with oasdiff\'s default level; the others are driftgate\'s own, named in the same style.',
    'Direction says which side of the exchange the change affects: the same change is breaking in a request',
    'and harmless in a response, or the other way round. The message column is the English template',
    "(placeholders in italics); it follows oasdiff's wording so oasdiff ignore files keep matching.",
    '',
    'Generated from `src/core/diff/checks.ts` by `npx tsx test/diff/gen-docs.ts` (then `npx biome format --write docs/diff-checks.md`).',
    '',
  ];
  const placed = new Set<string>();
  for (const [title, re] of AREA_ORDER) {
    const ids = CHECK_IDS.filter((id) => !placed.has(id) && re.test(id));
    if (ids.length === 0) continue;
    lines.push(
      `## ${title}`,
      '',
      '| id | level | direction | oasdiff | message |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const id of ids) {
      placed.add(id);
      const c = CHECKS[id];
      lines.push(
        `| \`${id}\` | ${LEVEL_LABEL[c.level]} | ${c.direction} | ${c.oasdiff ? 'yes' : 'no'} | ${meaning(c.message)} |`,
      );
    }
    lines.push('');
  }
  const rest = CHECK_IDS.filter((id) => !placed.has(id));
  if (rest.length > 0) {
    lines.push(
      '## Other',
      '',
      '| id | level | direction | oasdiff | message |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const id of rest) {
      const c = CHECKS[id];
      lines.push(
        `| \`${id}\` | ${LEVEL_LABEL[c.level]} | ${c.direction} | ${c.oasdiff ? 'yes' : 'no'} | ${meaning(c.message)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
