import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = join(__dirname, '..', '..');
const modules = join(root, 'src', 'modules');

/** The validation decorators that carry a size or range limit. */
const LIMIT_DECORATORS = ['MaxLength', 'MinLength', 'Length', 'Max', 'Min', 'ArrayMaxSize', 'ArrayMinSize'];

/**
 * `@MaxLength(5000)`-style decorators with a bare number. 0 and 1 are allowed: they say "not
 * negative", "positive", "not empty" — no limit a domain rule could state differently.
 */
export function bareLimits(source: string): string[] {
  const re = new RegExp(`@(${LIMIT_DECORATORS.join('|')})\\(\\s*(-?[\\d_.]+)\\s*[,)]`, 'g');
  return [...source.matchAll(re)].filter((m) => !['0', '1'].includes(m[2])).map((m) => `@${m[1]}(${m[2]})`);
}

function dtoFiles(): string[] {
  return readdirSync(modules, { withFileTypes: true })
    .filter((m) => m.isDirectory())
    .flatMap((m) => {
      const api = join(modules, m.name, 'api');
      try {
        return readdirSync(api)
          .filter((f) => f.endsWith('.dto.ts'))
          .map((f) => join(api, f));
      } catch {
        return [];
      }
    });
}

describe('DTOs import their limits (issue 13)', () => {
  it('no src/modules/*/api/*.dto.ts has a bare number in a size or range decorator', () => {
    const files = dtoFiles();
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) =>
      bareLimits(readFileSync(f, 'utf8')).map((d) => `${relative(root, f).split(sep).join('/')}: ${d}`),
    );
    expect(found).toEqual([]);
  });

  it('finds a bare limit and lets a named one, 0 and 1 pass', () => {
    expect(
      bareLimits('@MaxLength(5000)\n@ArrayMaxSize( 50 )\n@Max(100_000_000)\n@MaxLength(254, { each: true })'),
    ).toEqual(['@MaxLength(5000)', '@ArrayMaxSize(50)', '@Max(100_000_000)', '@MaxLength(254)']);
    expect(bareLimits('@MaxLength(MAX_NOTE)\n@Min(1)\n@Min(0)\n@Max(PG_INT_MAX)\n@MinLength(1)')).toEqual([]);
  });
});
