import { describe, expect, it } from 'vitest';
import { selectMedia, selectStatus } from './media.js';

describe('media type and status selection', () => {
  const content = { 'application/json': {}, 'text/*': {}, 'application/problem+json': {} };
  it.each([
    ['application/json; charset=utf-8', 'application/json'],
    ['Application/JSON', 'application/json'],
    ['application/vnd.acme+json', 'application/json'],
    ['application/problem+json', 'application/problem+json'],
    ['text/csv', 'text/*'],
    ['image/png', null],
    [undefined, 'application/json'],
  ])('%s → %s', (ct, key) => {
    expect(selectMedia(content, ct)).toBe(key);
  });

  it('falls back to */* and picks the single +json type for plain JSON', () => {
    expect(selectMedia({ '*/*': {} }, 'image/png')).toBe('*/*');
    expect(selectMedia({ 'application/hal+json': {} }, 'application/json')).toBe('application/hal+json');
  });

  it.each([
    [200, { '200': {}, '2XX': {}, default: {} }, '200'],
    [201, { '200': {}, '2XX': {}, default: {} }, '2XX'],
    [201, { '200': {}, '2xx': {} }, '2xx'],
    [503, { '200': {}, default: {} }, 'default'],
    [404, { '200': {} }, null],
  ])('status %s → %s', (status, responses, key) => {
    expect(selectStatus(responses, status)).toBe(key);
  });
});
