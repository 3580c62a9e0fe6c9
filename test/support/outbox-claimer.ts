/**
 * Child process of the outbox lease test: a relay whose subscriber never finishes, so the rows
 * it claims stay claimed until the test kills this process with SIGKILL.
 * Usage: ts-node test/support/outbox-claimer.ts <database url>
 */
import 'reflect-metadata';
import { createDataSource } from '../../src/shared/database/data-source.factory';
import { relayWith } from './relay-harness';

async function main(): Promise<void> {
  const ds = createDataSource({ url: process.argv[2], poolMax: 8, applicationName: 'outbox-claimer' });
  await ds.initialize();
  // hangs: keeps its claims (4 deliveries at a time hold 4 connections; the lease renewal needs one more)
  const relay = relayWith(ds, () => new Promise<void>(() => undefined));
  relay.start();
  console.log('claimer started');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
