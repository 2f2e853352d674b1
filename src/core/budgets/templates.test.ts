import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob.js';
import { matchesTemplate, resolvePathTemplate } from './templates.js';

describe('resolvePathTemplate', () => {
  const templates = ['/users/{id}', '/users/me', '/users/{id}/posts/{postId}', '/files/{name}.{ext}', '/'];
  it.each([
    ['/users/42', '/users/{id}'],
    ['/users/me', '/users/me'],
    ['/users/{id}', '/users/{id}'],
    ['/users/42/posts/7', '/users/{id}/posts/{postId}'],
    ['/users/42/', '/users/{id}'],
    ['/files/report.pdf', '/files/{name}.{ext}'],
    ['/', '/'],
    ['/users', null],
    ['/users/42/posts', null],
    ['/other', null],
  ])('%s -> %s', (path, template) => {
    expect(resolvePathTemplate(path, templates)).toBe(template);
  });

  it('ties resolve deterministically', () => {
    expect(resolvePathTemplate('/a/b', ['/{x}/b', '/a/{y}'])).toBe('/a/{y}');
    expect(resolvePathTemplate('/a/b', ['/a/{y}', '/{x}/b'])).toBe('/a/{y}');
  });

  it('regex characters in templates are literal', () => {
    expect(matchesTemplate('/v1.0/items', '/v1x0/items')).toBe(false);
  });
});

describe('globToRegExp', () => {
  it.each([
    ['/api/*', '/api/users', true],
    ['/api/*', '/api/', true],
    ['/api/*', '/api/users/1', false],
    ['/api/**', '/api/users/{id}/posts', true],
    ['/api/**', '/api', false],
    ['/**/users', '/users', true],
    ['/**/users', '/a/b/users', true],
    ['/users/?', '/users/1', true],
    ['/users/?', '/users/12', false],
    ['/users/{id}', '/users/{id}', true],
    ['/users/{id}', '/users/42', false],
    ['/v1.0/*', '/v1x0/a', false],
  ])('%s ~ %s = %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});
