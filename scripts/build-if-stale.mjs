// `npm start` runs this first: it builds only when dist/ is older than the sources it is made from
// (src/, migrations/, package.json, tsconfig*.json, nest-cli.json), so a current build starts at once.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const newest = (path) => {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), 0);
};
const built = join(root, 'dist', 'main.js');
const sources = [
  'src',
  'migrations',
  'package.json',
  'nest-cli.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.migrations.json',
]
  .map((p) => join(root, p))
  .filter(existsSync);
const sourceTime = Math.max(...sources.map(newest));
if (existsSync(built) && statSync(built).mtimeMs >= sourceTime) {
  console.log('dist/ is current; not rebuilding');
} else {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
