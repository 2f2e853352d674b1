import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixturePath, pathSlug, renderFixture, templateOfSlug } from './fixtures.js';

describe('fixture layout', () => {
  it.each([
    ['/api/users', 'api__users'],
    ['/api/users/{id}', 'api__users__{id}'],
    ['/', '_root'],
    ['/user_profiles/', 'user_profiles'],
    ['/_x/a__b/c_', '%5Fx__a%5F%5Fb__c%5F'],
    ['/a b/ü', 'a%20b__%C3%BC'],
    ['/../x', '%2E%2E__x'],
  ])('%s -> %s', (template, slug) => {
    expect(pathSlug(template)).toBe(slug);
    expect(templateOfSlug(slug)).toBe(template.length > 1 ? template.replace(/\/$/, '') : template);
  });

  it('is reversible for any template', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 5 }), (segments) => {
        const template = `/${segments.map((s) => s.replace(/\//g, 'x')).join('/')}`;
        expect(templateOfSlug(pathSlug(template))).toBe(template);
        expect(pathSlug(template)).not.toMatch(/^\.|\//);
      }),
    );
  });

  it('puts a fixture at <dir>/<method>/<slug>/<status>.json', () => {
    expect(fixturePath('fixtures', 'POST', '/api/users', 201)).toBe('fixtures/post/api__users/201.json');
    expect(fixturePath('./mocks/', 'get', '/', 'default')).toBe('mocks/get/_root/default.json');
  });

  it('keeps the recorded request when the sample has none', () => {
    const existing = JSON.stringify({
      request: { method: 'GET', url: '/x', headers: {} },
      response: { status: 200, headers: {}, body: { old: 1 } },
    });
    const text = renderFixture({ response: { status: 200, headers: {}, body: { new: 2 } } }, existing);
    expect(JSON.parse(text)).toEqual({
      request: { method: 'GET', url: '/x', headers: {} },
      response: { status: 200, headers: {}, body: { new: 2 } },
    });
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderFixture({ response: { status: 204, headers: {} } }, 'not json')).toBe(
      '{\n  "response": {\n    "status": 204,\n    "headers": {}\n  }\n}\n',
    );
  });
});
