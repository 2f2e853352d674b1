// What Jira's issue-create / comment endpoints require of a body (REST v2: string description in wiki
// markup; v3: an ADF document), as a receiver in tests checks it. Returns every violation.
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const ADF_BLOCKS = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'codeBlock',
  'blockquote',
  'rule',
  'panel',
];

/** ADF rules we rely on: doc version 1, known node types, non-empty text, marks only on inline text outside code. */
export function validateAdf(node: unknown, where = 'doc', out: string[] = [], parent = ''): string[] {
  if (!isObj(node)) return [...out, `${where}: node object required`];
  const type = node.type;
  if (where === 'doc') {
    if (type !== 'doc' || node.version !== 1) out.push('doc: type doc, version 1 required');
  } else if (type === 'text') {
    if (typeof node.text !== 'string' || node.text.length === 0)
      out.push(`${where}.text: non-empty string required`);
    if (node.marks !== undefined && parent === 'codeBlock')
      out.push(`${where}.marks: no marks inside codeBlock`);
  } else if (type === 'listItem') {
    if (parent !== 'bulletList' && parent !== 'orderedList') out.push(`${where}: listItem outside a list`);
  } else if (!ADF_BLOCKS.includes(String(type))) {
    out.push(`${where}.type: unsupported node ${String(type)}`);
  }
  if (
    type === 'heading' &&
    !(isObj(node.attrs) && Number(node.attrs.level) >= 1 && Number(node.attrs.level) <= 6)
  ) {
    out.push(`${where}.attrs.level: 1..6 required`);
  }
  if (type !== 'text') {
    if (!Array.isArray(node.content)) out.push(`${where}.content: array required`);
    else
      for (const [i, c] of node.content.entries())
        validateAdf(c, `${where}.content[${i}]`, out, String(type));
  }
  return out;
}

export function validateJiraIssue(body: unknown, apiVersion: 2 | 3): string[] {
  const out: string[] = [];
  if (!isObj(body) || !isObj(body.fields)) return ['fields: object required'];
  const f = body.fields;
  if (!isObj(f.project) || typeof f.project.key !== 'string' || f.project.key === '')
    out.push('fields.project.key required');
  if (typeof f.summary !== 'string' || f.summary === '' || f.summary.length > 255)
    out.push('fields.summary: 1..255 chars');
  if (/[\r\n]/.test(String(f.summary))) out.push('fields.summary: single line');
  if (!isObj(f.issuetype) || (typeof f.issuetype.name !== 'string' && typeof f.issuetype.id !== 'string')) {
    out.push('fields.issuetype: name or id required');
  }
  if (f.priority !== undefined && !(isObj(f.priority) && typeof f.priority.name === 'string'))
    out.push('fields.priority.name');
  if (
    f.labels !== undefined &&
    !(Array.isArray(f.labels) && f.labels.every((l) => typeof l === 'string' && !/\s/.test(l)))
  ) {
    out.push('fields.labels: strings without whitespace');
  }
  if (apiVersion === 2) {
    if (typeof f.description !== 'string') out.push('fields.description: a string (wiki markup) in REST v2');
  } else out.push(...validateAdf(f.description, 'doc'));
  return out;
}

export function validateJiraComment(body: unknown, apiVersion: 2 | 3): string[] {
  if (!isObj(body)) return ['body: object required'];
  if (apiVersion === 2)
    return typeof body.body === 'string' && body.body !== '' ? [] : ['body: string in REST v2'];
  return validateAdf(body.body, 'doc');
}
