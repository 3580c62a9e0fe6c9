import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';

/**
 * Lets the agency's own pages (INTAKE_ALLOWED_ORIGINS) post the public form from a browser: answers
 * the CORS preflight and marks the response readable by that origin. Other origins get no CORS
 * headers (the browser then refuses); nothing else in the API is opened to other origins.
 */
@Injectable()
export class WebIntakeCorsMiddleware implements NestMiddleware {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** A Nest middleware: on Fastify it sees Node's own request and response. */
  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const origin = req.headers.origin;
    const vary = res.getHeader('vary');
    res.setHeader('Vary', vary ? `${String(vary)}, Origin` : 'Origin');
    const allowed = origin !== undefined && this.config.intake.allowedOrigins.includes(origin);
    if (allowed) res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS') {
      if (allowed) {
        res.setHeader('Access-Control-Allow-Methods', 'POST');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  }
}
