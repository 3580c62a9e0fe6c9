import S3rver from '@20minutes/s3rver';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** s3rver knows one account; its access key and secret are both `S3RVER`. */
export const S3RVER_ACCESS_KEY = 'S3RVER';
export const S3RVER_SECRET_KEY = 'S3RVER';

export interface TestS3Server {
  /** `http://127.0.0.1:<port>`: an IP address, so s3rver takes requests path-style. */
  endpoint: string;
  /** `S3_*` variables for the app, with a bucket name of the caller's choice. */
  env(bucket: string): Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real S3-compatible server (@20minutes/s3rver) on a random loopback port, storing into a temp
 * directory. It verifies SigV4 signatures and presigned-URL expiry; anonymous requests it lets through.
 */
export async function startS3Server(): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'crm-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    env: (bucket) => ({
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY: S3RVER_ACCESS_KEY,
      S3_SECRET_KEY: S3RVER_SECRET_KEY,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
    }),
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
