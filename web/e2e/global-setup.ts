import { startApp } from './server';

/** One app on one fresh database for the whole Playwright run; its URL goes to the workers via env. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const app = await startApp();
  process.env.E2E_BASE_URL = app.base;
  process.env.E2E_DATABASE = app.database;
  console.log(`web e2e: app at ${app.base} on database ${app.database}`);
  return () => app.stop();
}
