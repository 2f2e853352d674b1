// A Block Kit validator for the subset driftgate sends, with Slack's documented rules
// (api.slack.com/reference/block-kit/blocks, /composition-objects, /block-elements): block and element
// types, required keys, text object types, length limits, counts, ≤50 blocks. Returns every violation.

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const KNOWN_KEYS: Record<string, readonly string[]> = {
  header: ['type', 'text', 'block_id'],
  section: ['type', 'text', 'fields', 'accessory', 'block_id'],
  context: ['type', 'elements', 'block_id'],
  actions: ['type', 'elements', 'block_id'],
  divider: ['type', 'block_id'],
};

function textObject(v: unknown, where: string, out: string[], opts: { plainOnly?: boolean; max: number }) {
  if (!isObj(v)) return void out.push(`${where}: text object required`);
  if (v.type !== 'plain_text' && v.type !== 'mrkdwn') out.push(`${where}.type: must be plain_text or mrkdwn`);
  if (opts.plainOnly && v.type !== 'plain_text') out.push(`${where}.type: must be plain_text`);
  if (typeof v.text !== 'string' || v.text.length === 0) out.push(`${where}.text: non-empty string required`);
  else if (Array.from(v.text).length > opts.max)
    out.push(`${where}.text: ${v.text.length} chars > ${opts.max}`);
  if ('emoji' in v && (v.type !== 'plain_text' || typeof v.emoji !== 'boolean'))
    out.push(`${where}.emoji: only a boolean on plain_text`);
  for (const k of Object.keys(v))
    if (!['type', 'text', 'emoji', 'verbatim'].includes(k)) out.push(`${where}.${k}: unknown key`);
}

function block(b: unknown, where: string, out: string[]) {
  if (!isObj(b) || typeof b.type !== 'string') return void out.push(`${where}: block with a type required`);
  const known = KNOWN_KEYS[b.type];
  if (!known) return void out.push(`${where}.type: unknown block type ${b.type}`);
  for (const k of Object.keys(b))
    if (!known.includes(k)) out.push(`${where}.${k}: unknown key for ${b.type}`);
  if (typeof b.block_id === 'string' && b.block_id.length > 255) out.push(`${where}.block_id: > 255 chars`);
  switch (b.type) {
    case 'header':
      textObject(b.text, `${where}.text`, out, { plainOnly: true, max: 150 });
      break;
    case 'section': {
      if (b.text === undefined && b.fields === undefined) out.push(`${where}: section needs text or fields`);
      if (b.text !== undefined) textObject(b.text, `${where}.text`, out, { max: 3000 });
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length === 0)
          out.push(`${where}.fields: non-empty array required`);
        else {
          if (b.fields.length > 10) out.push(`${where}.fields: ${b.fields.length} > 10`);
          for (const [i, f] of b.fields.entries()) textObject(f, `${where}.fields[${i}]`, out, { max: 2000 });
        }
      }
      break;
    }
    case 'context':
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10) {
        out.push(`${where}.elements: 1..10 elements required`);
      } else
        for (const [i, e] of b.elements.entries())
          textObject(e, `${where}.elements[${i}]`, out, { max: 3000 });
      break;
    case 'actions':
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) {
        out.push(`${where}.elements: 1..25 elements required`);
      } else {
        for (const [i, e] of b.elements.entries()) {
          const w = `${where}.elements[${i}]`;
          if (!isObj(e) || e.type !== 'button') {
            out.push(`${w}: button expected`);
            continue;
          }
          textObject(e.text, `${w}.text`, out, { plainOnly: true, max: 75 });
          if (typeof e.action_id !== 'string' || e.action_id.length > 255)
            out.push(`${w}.action_id: ≤255 chars required`);
          if (
            e.url !== undefined &&
            (typeof e.url !== 'string' || e.url.length > 3000 || !/^https?:\/\//.test(e.url))
          ) {
            out.push(`${w}.url: http(s) url ≤3000 chars`);
          }
          if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
            out.push(`${w}.style: primary|danger`);
          for (const k of Object.keys(e)) {
            if (
              ![
                'type',
                'text',
                'action_id',
                'url',
                'value',
                'style',
                'confirm',
                'accessibility_label',
              ].includes(k)
            ) {
              out.push(`${w}.${k}: unknown key for button`);
            }
          }
        }
      }
      break;
  }
}

function blocks(list: unknown, where: string, out: string[]) {
  if (!Array.isArray(list)) return void out.push(`${where}: array required`);
  if (list.length > 50) out.push(`${where}: ${list.length} blocks > 50`);
  for (const [i, b] of list.entries()) block(b, `${where}[${i}]`, out);
}

/** Violations of an incoming-webhook message body; [] when Slack would accept it. */
export function validateSlackMessage(message: unknown): string[] {
  const out: string[] = [];
  if (!isObj(message)) return ['message: object required'];
  if (typeof message.text !== 'string' || message.text.length === 0)
    out.push('text: a top-level fallback text is required');
  if (message.blocks !== undefined) blocks(message.blocks, 'blocks', out);
  if (message.attachments !== undefined) {
    if (!Array.isArray(message.attachments)) out.push('attachments: array required');
    else
      for (const [i, a] of message.attachments.entries()) {
        if (!isObj(a)) {
          out.push(`attachments[${i}]: object required`);
          continue;
        }
        if (
          a.color !== undefined &&
          (typeof a.color !== 'string' || !/^(#[0-9a-fA-F]{6}|good|warning|danger)$/.test(a.color))
        ) {
          out.push(`attachments[${i}].color: #RRGGBB or good|warning|danger`);
        }
        if (a.blocks !== undefined) blocks(a.blocks, `attachments[${i}].blocks`, out);
      }
  }
  return out;
}
