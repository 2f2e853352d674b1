import { describe, expect, it } from 'vitest';
import { isSensitiveName, REDACTED, redactHeaders, redactValue } from './redact.js';

describe('redaction', () => {
  it.each([
    ['Authorization', true],
    ['cookie', true],
    ['Set-Cookie', true],
    ['X-Api-Token', true],
    ['client_secret', true],
    ['newPassword', true],
    ['accessTokenExpiry', true],
    ['user', false],
    ['content-type', false],
  ])('%s sensitive: %s', (name, yes) => {
    expect(isSensitiveName(name)).toBe(yes);
  });

  it('replaces sensitive values at any depth and in headers', () => {
    expect(redactValue({ a: 1, auth: { password: 'x', list: [{ api_token: 'y' }] } })).toEqual({
      a: 1,
      auth: { password: REDACTED, list: [{ api_token: REDACTED }] },
    });
    expect(redactHeaders({ Authorization: 'Bearer x', Accept: '*/*' })).toEqual({
      Authorization: REDACTED,
      Accept: '*/*',
    });
  });
});
