// Layer rules from STYLE.md: imports point inward. `npm run layers` fails on a wrong arrow or a cycle.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      comment: 'core/ knows nothing of the outside: no node builtins, no outer layers',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(ports|app|render|adapters|config|server|cli)/|^src/compose' },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      from: { path: '^src/(core|render)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'ports-only-core',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: '^src/(app|render|adapters|config|server|cli)/' },
    },
    {
      name: 'render-is-pure',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: ['^src/(app|adapters|config|server|cli)/', '^node:'] },
    },
    {
      name: 'app-no-edges',
      comment: 'use cases depend on ports, never on concrete adapters or edges',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(adapters|server|cli)/|^src/compose' },
    },
    {
      name: 'adapters-no-edges',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(server|cli)/|^src/compose' },
    },
    {
      name: 'server-cli-apart',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-test-in-prod',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '\\.test\\.ts$|^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
