import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from './http-types';

/** Paths the API keeps; everything else is the back office (`web/`, built into `dist/web`). */
const API_PATHS = /^\/(api|docs|health|metrics|openapi\.json)(\/|$|\?|-)/;

/** Where `npm run build` puts the web app: `dist/web` next to the compiled server. */
export const WEB_APP_DIR = resolve(__dirname, '..', '..', 'web');

function decoded(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * Serves the built web app at `/`: hashed files under `/assets` cached for a year (immutable),
 * `index.html` never cached, and the HTML for any other GET that is not an API path and has
 * no file extension (client routes such as `/orders/42`). Does nothing when the app is not built.
 * An `onRequest` hook in front of the routes; a missing asset, or a missing file with an extension,
 * is the API's 404.
 */
export function serveWebApp(fastify: FastifyInstance, dir = WEB_APP_DIR): boolean {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) return false;
  void fastify.register(fastifyStatic, { root, serve: false, index: false });
  const sendIndex = (reply: FastifyReply): void => {
    reply.header('Cache-Control', 'no-cache');
    void reply.sendFile('index.html', { cacheControl: false });
  };
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.url)) return done();
    const path = decoded(pathOf(req));
    if (path === null) return done();
    if (path.startsWith('/assets/')) {
      void reply.sendFile(path.slice(1), { immutable: true, maxAge: '365d' });
      return;
    }
    if (path === '/' || path === '/index.html') return sendIndex(reply);
    const file = resolve(root, `.${path}`);
    if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
      void reply.sendFile(file.slice(root.length + 1), { maxAge: '1h' });
      return;
    }
    if (/\.[a-z0-9]+$/i.test(path)) return done();
    sendIndex(reply);
  });
  return true;
}
