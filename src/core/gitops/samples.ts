// What an incident's samples hold, read defensively (they are JSON from the store): the exchange or the
// response a traffic/sync incident saw (its new fixture), and the spec fragment a spec incident changed.
import type { ExchangeRequest, ExchangeResponse } from '../traffic/exchange.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** record-drift stores samples as `{finding, location, value}`; engines may store the value bare. */
export function sampleValue(sample: unknown): unknown {
  return isObject(sample) && 'value' in sample && ('finding' in sample || 'location' in sample)
    ? sample.value
    : sample;
}

/** The spec pointer a sample is about (`#/...`), when the sample is a spec fragment. */
export function sampleSpecPointer(sample: unknown): string | null {
  return isObject(sample) && typeof sample.location === 'string' && sample.location.startsWith('#/')
    ? sample.location
    : null;
}

function asResponse(v: unknown): ExchangeResponse | null {
  if (!isObject(v) || typeof v.status !== 'number' || !Number.isInteger(v.status)) return null;
  const headers = isObject(v.headers)
    ? Object.fromEntries(
        Object.entries(v.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
      )
    : {};
  return {
    status: v.status,
    headers,
    ...('body' in v ? { body: v.body } : {}),
    ...(typeof v.bodyText === 'string' ? { bodyText: v.bodyText } : {}),
  };
}

function asRequest(v: unknown): ExchangeRequest | null {
  if (!isObject(v) || typeof v.method !== 'string' || typeof v.url !== 'string') return null;
  const headers = isObject(v.headers)
    ? Object.fromEntries(
        Object.entries(v.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
      )
    : {};
  return {
    method: v.method,
    url: v.url,
    headers,
    ...('body' in v ? { body: v.body } : {}),
    ...(typeof v.bodyText === 'string' ? { bodyText: v.bodyText } : {}),
  };
}

/** The observed exchange or bare response in a sample (`{request, response}` or `{status, headers, body}`). */
export function sampleExchange(
  sample: unknown,
): { readonly request?: ExchangeRequest; readonly response: ExchangeResponse } | null {
  const v = sampleValue(sample);
  if (!isObject(v)) return null;
  if ('response' in v) {
    const response = asResponse(v.response);
    if (response === null) return null;
    const request = asRequest(v.request);
    return request === null ? { response } : { request, response };
  }
  const response = asResponse(v);
  return response === null ? null : { response };
}
