import { describe, expect, it } from 'vitest';
import { GitopsSchema } from '../../config/schema.js';
import { basicAuthHeader, displayUrl, gitProcessEnv } from './exec.js';
import { cloneUrlOf, gitopsAdapters, gitopsProvider, webBaseOf } from './from-config.js';

const cfg = (v: Record<string, unknown>) => GitopsSchema.parse({ enabled: true, ...v });

describe('gitops adapters from config', () => {
  it.each([
    [{ provider: 'github', owner: 'acme', repo: 'users' }, 'https://github.com/acme/users.git'],
    [
      { provider: 'github', owner: 'acme', repo: 'users', api_url: 'https://ghe.example.com/api/v3' },
      'https://ghe.example.com/acme/users.git',
    ],
    [{ provider: 'gitlab', project: 'acme/users' }, 'https://gitlab.com/acme/users.git'],
    [
      { provider: 'gitlab', project: 'g/p', api_url: 'https://git.example.com/gitlab/api/v4' },
      'https://git.example.com/gitlab/g/p.git',
    ],
    [{ provider: 'git', clone_url: '/srv/repo.git' }, '/srv/repo.git'],
  ])('clone url of %j', (v, url) => {
    const g = cfg(v);
    expect(cloneUrlOf(g, gitopsProvider(g))).toBe(url);
  });

  it('infers the provider and names the missing key', () => {
    expect(gitopsProvider(cfg({ owner: 'a', repo: 'b' }))).toBe('github');
    expect(gitopsProvider(cfg({ project: 'a/b' }))).toBe('gitlab');
    expect(gitopsProvider(cfg({ clone_url: 'x' }))).toBe('git');
    expect(() => gitopsProvider(cfg({}))).toThrow(/set provider/);
    expect(() => cloneUrlOf(cfg({ provider: 'git' }), 'git')).toThrow(
      'clone_url is required for provider git',
    );
    expect(() => cloneUrlOf(cfg({ provider: 'gitlab', project: '42' }), 'gitlab')).toThrow(
      'clone_url is required when project is a numeric id',
    );
    expect(webBaseOf('https://api.github.com')).toBe('https://github.com');
  });

  it('needs the token env var to be set for API providers, and never needs one for plain git', () => {
    const g = cfg({ provider: 'github', owner: 'a', repo: 'b', token_env: 'GH_TOKEN' });
    expect(() => gitopsAdapters({ gitops: g, env: {}, dataDir: '/tmp/x' })).toThrow(
      'the environment variable GH_TOKEN (token_env) is not set',
    );
    expect(() =>
      gitopsAdapters({
        gitops: cfg({ provider: 'github', owner: 'a', repo: 'b' }),
        env: {},
        dataDir: '/tmp/x',
      }),
    ).toThrow('token_env is required for provider github');
    expect(
      gitopsAdapters({ gitops: cfg({ provider: 'git', clone_url: '/r.git' }), env: {}, dataDir: '/d' })
        .provider,
    ).toBe('git');
  });

  it('passes the token only through GIT_CONFIG_* env, and redacts URLs', () => {
    const header = basicAuthHeader('x-access-token', 'tok');
    expect(header).toBe(`Basic ${Buffer.from('x-access-token:tok').toString('base64')}`);
    const env = gitProcessEnv({ authHeader: header, gitBinary: 'git' });
    expect([
      env.GIT_CONFIG_COUNT,
      env.GIT_CONFIG_KEY_0,
      env.GIT_CONFIG_VALUE_0,
      env.GIT_TERMINAL_PROMPT,
    ]).toEqual(['1', 'http.extraHeader', `Authorization: ${header}`, '0']);
    expect(gitProcessEnv({ authHeader: null, gitBinary: 'git' }).GIT_CONFIG_KEY_0).toBeUndefined();
    expect(displayUrl('https://user:secret@github.com/a/b.git')).toBe('https://github.com/a/b.git');
  });
});
