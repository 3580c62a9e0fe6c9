import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { APP_VERSION, createApp } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { buildOpenApiDocument } from '../src/shared/http/swagger';

/**
 * Writes openapi.json from the controllers without a database (preview mode: the module graph
 * is built but no provider runs). Keys are sorted so the file only changes when the API does.
 */
async function main(): Promise<void> {
  const key = Buffer.alloc(32, 1).toString('base64');
  const config = loadConfig(
    {
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      JWT_ACCESS_SECRET: 'x'.repeat(32),
      JWT_REFRESH_SECRET: 'y'.repeat(32),
      DATA_ENCRYPTION_KEYS: `k1:${key}`,
    },
    process.cwd(),
  );
  const app = await createApp(config, { preview: true, console: false });
  const doc = buildOpenApiDocument(app, APP_VERSION);
  const out = resolve(__dirname, '..', 'openapi.json');
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  await app.close();
  console.log(`wrote ${out} (${Object.keys(doc.paths).length} paths)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
