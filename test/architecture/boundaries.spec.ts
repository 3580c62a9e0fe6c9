import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

/** Runs dependency-cruiser exactly as `npm run lint:boundaries` does: exit code and `rule: from → to` lines. */
async function cruise(args: string[]): Promise<{ code: number; violations: string[] }> {
  const parse = (out: string) =>
    out
      .split('\n')
      .map((l) => /^\s*error (\S+) (\S+) → (\S+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} ${strip(m[2])} → ${strip(m[3])}`)
      .sort();
  try {
    const { stdout } = await run(depcruise, [...args, '--output-type', 'err'], { cwd: root });
    return { code: 0, violations: parse(stdout) };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, violations: parse(e.stdout) };
  }
}

function strip(p: string): string {
  return p.replace('test/fixtures/boundaries/src/', '');
}

describe('module boundaries (.dependency-cruiser.cjs, run by npm run lint)', () => {
  jest.setTimeout(180_000);

  it('fails on each kind of deliberate violation in the fixture tree and passes the allowed import', async () => {
    const { code, violations } = await cruise([
      'test/fixtures/boundaries/src',
      '--config',
      'test/fixtures/boundaries/dependency-cruiser.cjs',
    ]);
    expect(code).not.toBe(0);
    const found = violations;
    expect(found).toEqual([
      'module-not-ranked: modules/nowhere/unranked.ts → shared/kernel.ts',
      'module-surface-only: modules/finance/application/bad-deep-import.ts → modules/orders/application/orders-internal.ts',
      'no-module-cycles: modules/users/application/upward.ts → modules/finance/application/queries/get-money/get-money.query.ts',
      'shared-imports-no-module: shared/kernel.ts → modules/users/application/upward.ts',
    ]);
    // a query file of another module is the allowed way in
    expect(found.some((f) => f.includes('good-import.ts'))).toBe(false);
  });

  it('finds no violation in src/', async () => {
    const { code, violations } = await cruise(['src', '--config', '.dependency-cruiser.cjs']);
    expect(violations).toEqual([]);
    expect(code).toBe(0);
  });
});
