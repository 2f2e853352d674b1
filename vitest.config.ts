import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest defaults to cores - 1 (one worker on 2 cores); most suites wait on PostgreSQL, git, HTTP
    // receivers and child processes, so three workers keep both cores busy.
    maxWorkers: 3,
  },
});
