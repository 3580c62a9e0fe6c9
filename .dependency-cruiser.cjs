// @ts-check
/**
 * Module boundaries, checked in CI by `npm run lint` (`npm run lint:boundaries`):
 *
 * 1. a module imports another module only through its published surface: `*.command.ts`,
 *    `*.query.ts` and `contracts/` (plus the Nest wiring `x.module.ts` → `y.module.ts`);
 * 2. no cycles between modules: the modules are ranked below, and a module may depend only on
 *    modules ranked before it — adding an "upward" import fails, so a cycle cannot form;
 * 3. `src/shared/` imports no module and not the composition root (`src/app.*`).
 *
 * See DESIGN.md §3 for the drawing. `boundaries.spec.ts` runs these rules on a fixture with a
 * deliberate violation of each kind.
 */

/** Lowest first. A module may import only modules listed before it. */
const MODULE_RANK = [
  'health',
  'audit',
  'users',
  'clients',
  'auth',
  'backup',
  'orders',
  'applications',
  'finance',
  'documents',
  'timeline',
  'privacy',
  'integrations',
];

/** @param {string} root the folder holding `src/` (relative to the cruise's base directory) */
function boundaryRules(root = '') {
  const modules = `^${root}src/modules/`;
  /** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
  const rules = [
    {
      name: 'module-surface-only',
      comment:
        'A module reaches another only through its *.command.ts, *.query.ts and contracts/ (DESIGN.md §3).',
      severity: 'error',
      from: { path: `${modules}([^/]+)/` },
      to: {
        path: `${modules}([^/]+)/`,
        pathNot: [
          `${modules}$1/`,
          `${modules}[^/]+/.*\\.(command|query)\\.ts$`,
          `${modules}[^/]+/contracts/`,
          `${modules}[^/]+/[^/]+\\.module\\.ts$`,
        ],
      },
    },
    {
      name: 'module-wiring-only-from-module-files',
      comment: "Only a Nest module file may import another module's `*.module.ts`.",
      severity: 'error',
      from: { path: `${modules}([^/]+)/`, pathNot: `${modules}[^/]+/[^/]+\\.module\\.ts$` },
      to: { path: `${modules}([^/]+)/[^/]+\\.module\\.ts$`, pathNot: `${modules}$1/` },
    },
    {
      name: 'shared-imports-no-module',
      comment: 'src/shared is the kernel: it imports no module and not the composition root.',
      severity: 'error',
      from: { path: `^${root}src/shared/` },
      to: { path: [`${modules}`, `^${root}src/app\\.`] },
    },
  ];
  MODULE_RANK.forEach((name, i) => {
    const above = MODULE_RANK.slice(i + 1);
    if (above.length === 0) return;
    rules.push({
      name: 'no-module-cycles',
      comment: `${name} may depend only on modules ranked before it (${MODULE_RANK.slice(0, i).join(', ') || 'none'}); see MODULE_RANK.`,
      severity: 'error',
      from: { path: `${modules}${name}/` },
      to: { path: `${modules}(${above.join('|')})/` },
    });
  });
  rules.push({
    name: 'module-not-ranked',
    comment: 'Every module has a place in MODULE_RANK (.dependency-cruiser.cjs).',
    severity: 'error',
    from: { path: `${modules}(?!(${MODULE_RANK.join('|')})/)[^/]+/` },
    to: {},
  });
  return rules;
}

/** @type {import('dependency-cruiser').IConfiguration & Record<string, unknown>} */
const config = {
  forbidden: boundaryRules(),
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
module.exports = config;
// for boundaries.spec.ts (not part of the configuration dependency-cruiser reads)
Object.defineProperty(module.exports, 'boundaryRules', { value: boundaryRules, enumerable: false });
Object.defineProperty(module.exports, 'MODULE_RANK', { value: MODULE_RANK, enumerable: false });
