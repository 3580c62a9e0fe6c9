import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { arraySizeGuard } from './shared/http/array-guard';
import { bodyLimitBytes, registerBodyParsers, rejectNul } from './shared/http/body-parser';
import { securityHeaders } from './shared/http/security-headers';
import { corsMiddleware } from './shared/http/cors.middleware';
import { etagHeaders } from './shared/http/etag.interceptor';
import { AppMetrics } from './shared/http/metrics';
import { requestContextHooks } from './shared/http/request-context.middleware';
import { buildOpenApiDocument, setupSwagger } from './shared/http/swagger';
import { serveWebApp } from './shared/http/web-app';
import { createLogger, type LoggerOptions, WinstonNestLogger } from './shared/logging/logger';
import { ProblemDetailsFilter } from './shared/errors/problem-details.filter';
import { createValidationPipe } from './shared/errors/validation';
import { foregroundFirst } from './shared/runtime/foreground-first';
import { installLeanAsyncBind } from './shared/runtime/lean-async-bind';
import { setProcessRole } from './shared/runtime/process-role';

export const API_PREFIX = 'api/v1';
export const APP_VERSION: string = (require('../package.json') as { version: string }).version; // eslint-disable-line @typescript-eslint/no-require-imports

export interface CreateAppOptions extends LoggerOptions {
  /** Build the module graph without instantiating providers (OpenAPI generation needs no database). */
  preview?: boolean;
  /** Extra modules (tests add probe subscribers this way). */
  imports?: ModuleImport[];
}

type ModuleImport = Parameters<typeof AppModule.forRoot>[3] extends (infer T)[] | undefined ? T : never;

/**
 * Builds the configured application — the same for `main.ts`, the tests and the OpenAPI script — on
 * Fastify: request context and access log, JSON parsing with problem+json errors, the `/api/v1`
 * prefix, validation, the global error filter, Swagger at `/docs` and `/openapi.json`.
 */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  // before the modules are built: the background loops ask it when they start
  setProcessRole(config.processRole);
  // before any request: Node 20's AsyncResource.bind sent every request with a body to the old space
  installLeanAsyncBind();
  const logger = createLogger(config, options);
  const metrics = new AppMetrics();
  const adapter = new FastifyAdapter({
    // client IPs (login throttling, form rate limits) come from X-Forwarded-For only via trusted proxies
    trustProxy: config.edge.trustProxy === 0 ? false : config.edge.trustProxy,
    bodyLimit: bodyLimitBytes(config.bodyLimit),
    // as Express answered: `/orders/` is `/orders`, and a long id is the validator's 400, not a 404
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // the graceful drain (main.ts) answers what is in flight first; Fastify's own close comes after
    // it and cuts what is left (a test closing the app mid-download must not wait for it forever)
    return503OnClosing: false,
    forceCloseConnections: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger, metrics, options.imports),
    adapter,
    {
      bodyParser: false,
      logger: new WinstonNestLogger(logger),
      abortOnError: false,
      preview: options.preview,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(fastify, config.bodyLimit);
  const context = requestContextHooks(logger);
  foregroundFirst.configure({ busyAbove: config.backgroundYieldPercent / 100 });
  fastify.addHook('onRequest', (_req, _reply, done) => {
    foregroundFirst.noteRequest();
    done();
  });
  fastify.addHook('onRequest', securityHeaders());
  fastify.addHook('onRequest', context.onRequest);
  fastify.addHook('onRequest', corsMiddleware(config.cors.origins));
  fastify.addHook('onRequest', etagHeaders.onRequest);
  fastify.addHook('preValidation', rejectNul);
  fastify.addHook('preValidation', arraySizeGuard());
  fastify.addHook('preHandler', context.preHandler);
  fastify.addHook('preSerialization', etagHeaders.preSerialization);
  fastify.addHook('onResponse', context.onResponse);
  fastify.addHook('onResponse', metrics.onResponse());
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  if (!options.preview) setupSwagger(app, buildOpenApiDocument(app, APP_VERSION));
  if (!options.preview) serveWebApp(fastify);
  return app;
}
