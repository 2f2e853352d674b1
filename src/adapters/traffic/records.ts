// Turning one parsed input record (an exchange JSONL object or a HAR 1.2 entry) into an Exchange.
// Returns a string (what is wrong) for records that are not exchanges; the reader reports it with the line.
import type { Exchange, ExchangeRequest, ExchangeResponse } from '../../core/traffic/exchange.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Headers as a record, from an object or a HAR `[{name, value}]` list; repeated names are joined. */
export function headerRecord(raw: unknown): Record<string, string> | string {
  const out: Record<string, string> = {};
  if (raw === undefined || raw === null) return out;
  if (Array.isArray(raw)) {
    for (const h of raw) {
      if (!isObj(h) || typeof h.name !== 'string') return "a header entry needs a string 'name'";
      const name = h.name.toLowerCase();
      if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers
      const value = h.value === undefined || h.value === null ? '' : String(h.value);
      out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
    }
    return out;
  }
  if (!isObj(raw)) return "'headers' must be an object";
  // The common case, every value a string, is the record itself (no copy per exchange).
  let plain = true;
  for (const k in raw) {
    if (typeof raw[k] !== 'string') {
      plain = false;
      break;
    }
  }
  if (plain) return raw as Record<string, string>;
  for (const [k, v] of Object.entries(raw)) out[k] = Array.isArray(v) ? v.map(String).join(', ') : String(v);
  return out;
}

function isJsonMime(mime: string | undefined): boolean {
  if (!mime) return false;
  const essence = mime.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json') || essence.endsWith('/json');
}

/** A body given as text: parsed when the mime type is JSON and the text parses; else kept as text. */
function textBody(text: string, mime: string | undefined): { body?: unknown; bodyText?: string } {
  if (text === '') return {};
  if (isJsonMime(mime)) {
    try {
      return { body: JSON.parse(text) };
    } catch {
      return { bodyText: text };
    }
  }
  return { bodyText: text };
}

function contentTypeOf(headers: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'content-type') return v;
  return undefined;
}

/** An exchange JSONL record (INTERFACES.md "Exchange JSONL"). */
export function exchangeFromRecord(
  rec: unknown,
  fallbackId: string | ((line: number) => string),
  line = 0,
): Exchange | string {
  if (!isObj(rec)) return 'a line must be a JSON object';
  const req = rec.request;
  if (!isObj(req)) return "missing 'request' object";
  if (typeof req.method !== 'string' || req.method === '') return "'request.method' must be a string";
  if (typeof req.url !== 'string' || req.url === '') return "'request.url' must be a string";
  const reqHeaders = headerRecord(req.headers);
  if (typeof reqHeaders === 'string') return `request: ${reqHeaders}`;
  const request: ExchangeRequest = {
    method: req.method,
    url: req.url,
    headers: reqHeaders,
    ...(req.body !== undefined ? { body: req.body } : {}),
    ...(typeof req.bodyText === 'string' ? { bodyText: req.bodyText } : {}),
  };
  let response: ExchangeResponse | undefined;
  if (rec.response !== undefined && rec.response !== null) {
    const res = rec.response;
    if (!isObj(res)) return "'response' must be an object";
    const status = typeof res.status === 'string' ? Number(res.status) : res.status;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
      return "'response.status' must be an HTTP status code";
    }
    const resHeaders = headerRecord(res.headers);
    if (typeof resHeaders === 'string') return `response: ${resHeaders}`;
    response = {
      status,
      headers: resHeaders,
      ...(res.body !== undefined ? { body: res.body } : {}),
      ...(typeof res.bodyText === 'string' ? { bodyText: res.bodyText } : {}),
    };
  }
  return {
    id:
      typeof rec.id === 'string' || typeof rec.id === 'number'
        ? String(rec.id)
        : typeof fallbackId === 'string'
          ? fallbackId
          : fallbackId(line),
    ...(typeof rec.timestamp === 'string' ? { timestamp: rec.timestamp } : {}),
    request,
    ...(response ? { response } : {}),
  };
}

/** A HAR 1.2 entry (request.postData.text, response.content.text with optional base64 encoding). */
export function exchangeFromHarEntry(entry: unknown, fallbackId: string): Exchange | string {
  if (!isObj(entry)) return 'an entry must be an object';
  const req = entry.request;
  if (!isObj(req) || typeof req.method !== 'string' || typeof req.url !== 'string') {
    return "an entry needs 'request.method' and 'request.url'";
  }
  const reqHeaders = headerRecord(req.headers);
  if (typeof reqHeaders === 'string') return `request: ${reqHeaders}`;
  const post = isObj(req.postData) ? req.postData : undefined;
  const postMime =
    typeof post?.mimeType === 'string' && post.mimeType !== '' ? post.mimeType : contentTypeOf(reqHeaders);
  // Browsers' HAR exports often leave the content-type header out and keep it in postData.mimeType.
  if (postMime !== undefined && contentTypeOf(reqHeaders) === undefined)
    reqHeaders['content-type'] = postMime;
  const request: ExchangeRequest = {
    method: req.method,
    url: req.url,
    headers: reqHeaders,
    ...(typeof post?.text === 'string' ? textBody(post.text, postMime) : {}),
  };
  let response: ExchangeResponse | undefined;
  const res = entry.response;
  if (isObj(res) && typeof res.status === 'number' && res.status >= 100) {
    const resHeaders = headerRecord(res.headers);
    if (typeof resHeaders === 'string') return `response: ${resHeaders}`;
    const content = isObj(res.content) ? res.content : {};
    let text = typeof content.text === 'string' ? content.text : '';
    if (content.encoding === 'base64' && text !== '') text = Buffer.from(text, 'base64').toString('utf8');
    const mime =
      typeof content.mimeType === 'string' && content.mimeType !== ''
        ? content.mimeType
        : contentTypeOf(resHeaders);
    if (mime !== undefined && text !== '' && contentTypeOf(resHeaders) === undefined)
      resHeaders['content-type'] = mime;
    response = { status: res.status, headers: resHeaders, ...textBody(text, mime) };
  }
  const id = typeof entry._id === 'string' ? entry._id : typeof entry.id === 'string' ? entry.id : fallbackId;
  return {
    id,
    ...(typeof entry.startedDateTime === 'string' ? { timestamp: entry.startedDateTime } : {}),
    request,
    ...(response ? { response } : {}),
  };
}
