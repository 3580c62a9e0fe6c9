import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const SRC = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** The unit of work's methods that take a named statement's text as their second argument. */
const NAMED = new Set(['prepared', 'preparedRows', 'sharedRows', 'write']);

/** `uow.prepared('name', `… ${x} …`, …)`-like calls whose text is a template built at the call. */
function builtAtCall(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      NAMED.has(node.expression.name.text) &&
      /\buow$/.test(node.expression.expression.getText(sf)) &&
      node.arguments.length >= 2 &&
      ts.isTemplateExpression(node.arguments[1])
    ) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      found.push(`${relative(SRC, file)}:${line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * A named statement's text is the same string on every call (a module constant), not a template
 * built inside the method: V8 would join a new string each time and pg compare it with the text it
 * prepared, on every execution (4 KB a `GET /orders/{id}`, issue 18).
 */
describe('named statement texts', () => {
  it('no call of uow.prepared/preparedRows/write builds its text with ${…} at the call', () => {
    const sources = files(SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('spec.ts'));
    const calls = sources.flatMap((f) => builtAtCall(f, readFileSync(f, 'utf8')));
    expect(calls).toEqual([]);
  });

  it('finds such a call (the check itself works)', () => {
    const bad = "async function f(uow) { await uow.preparedRows('x', `SELECT ${COLS} FROM t`, []); }";
    const good =
      "const T = `SELECT ${COLS} FROM t`;\nasync function f(uow) { await uow.preparedRows('x', T, []); }";
    expect(builtAtCall(join(SRC, 'bad.ts'), bad)).toEqual(['bad.ts:1']);
    expect(builtAtCall(join(SRC, 'good.ts'), good)).toEqual([]);
  });
});
