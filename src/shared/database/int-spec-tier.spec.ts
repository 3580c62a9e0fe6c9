import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** A file that talks to PostgreSQL: the unit of work's SQL, a query runner, a pg client, a TypeORM repository. */
const SQL_RE = /\buow\.(sql|rows|manager)\b|\.query(<[^>]*>)?\(|createQueryRunner\(|getRepository\(/;

/**
 * The repository test tier is enforced: every file in an `infrastructure/` folder that runs SQL
 * has an `*.int-spec.ts` beside it (real PostgreSQL through the real migrations).
 */
describe('int-spec tier', () => {
  it('has an *.int-spec.ts beside every SQL file of every infrastructure/ folder', () => {
    const sqlFiles = files(SRC).filter(
      (f) =>
        /[\\/]infrastructure[\\/]/.test(f) &&
        f.endsWith('.ts') &&
        !f.endsWith('spec.ts') &&
        SQL_RE.test(readFileSync(f, 'utf8')),
    );
    expect(sqlFiles.length).toBeGreaterThan(25);
    const missing = sqlFiles
      .filter((f) => !existsSync(f.replace(/\.ts$/, '.int-spec.ts')))
      .map((f) => relative(SRC, f));
    expect(missing).toEqual([]);
  });
});
