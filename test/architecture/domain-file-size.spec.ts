import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = join(__dirname, '..', '..');
export const MAX_DOMAIN_FILE_LINES = 400;

/** Every non-spec `.ts` file under a `domain` folder of `dir` (recursively). */
function domainFiles(dir: string, inDomain = false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return domainFiles(path, inDomain || e.name === 'domain');
    const source = e.name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(e.name);
    return inDomain && source ? [path] : [];
  });
}

/** Lines as `wc -l` counts them (newlines). */
function lineCount(text: string): number {
  return (text.match(/\n/g) ?? []).length;
}

describe('domain files stay small (issue 13)', () => {
  it(`no src/**/domain/**/*.ts (specs aside) is over ${MAX_DOMAIN_FILE_LINES} lines`, () => {
    const files = domainFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(20);
    const tooLong = files
      .map((f) => ({
        file: relative(root, f).split(sep).join('/'),
        lines: lineCount(readFileSync(f, 'utf8')),
      }))
      .filter((f) => f.lines > MAX_DOMAIN_FILE_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(tooLong).toEqual([]);
  });

  it('counts lines as wc -l does', () => {
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\n'.repeat(MAX_DOMAIN_FILE_LINES + 1)) > MAX_DOMAIN_FILE_LINES).toBe(true);
  });
});
