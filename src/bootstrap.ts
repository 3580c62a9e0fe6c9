import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { arraySizeGuard } from './shared/http/array-guard';
import { jsonBodyParser } from './shared/http/body-parser';
import { securityHeaders } from './shared/http/security-headers';
import { corsMiddleware } from './shared/http/cors.middleware';
import { etagHeaders } from './shared/http/etag.interceptor';
import { AppMetrics } from './shared/http/metrics';
import { requestContextMiddleware } from './shared/http/request-context.middleware';
import { buildOpenApiDocument, setupSwagger } from './shared/http/swagger';
import { serveWebApp } from './shared/http/web-app';
import { createLogger, type LoggerOptions, WinstonNestLogger } from './shared/logging/logger';
import { ProblemDetailsFilter } from './shared/errors/problem-details.filter';
import { createValidationPipe } from './shared/errors/validation';

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
 * Builds the configured application — the same for `main.ts`, the tests and the OpenAPI script:
 * request context and access log, JSON parsing with problem+json errors, the `/api/v1` prefix,
 * validation, the global error filter, Swagger at `/docs` and `/openapi.json`.
 */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  const logger = createLogger(config, options);
  const metrics = new AppMetrics();
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, logger, metrics, options.imports),
    {
      bodyParser: false,
      logger: new WinstonNestLogger(logger),
      abortOnError: false,
      preview: options.preview,
    },
  );
  app.disable('x-powered-by');
  // client IPs (login throttling, form rate limits) come from X-Forwarded-For only via trusted proxies
  app.set('trust proxy', config.edge.trustProxy);
  app.use(securityHeaders());
  app.use(requestContextMiddleware(logger));
  app.use(metrics.middleware());
  app.use(corsMiddleware(config.cors.origins));
  app.use(jsonBodyParser(config.bodyLimit));
  app.use(arraySizeGuard());
  app.use(etagHeaders());
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  if (!options.preview) setupSwagger(app, buildOpenApiDocument(app, APP_VERSION));
  if (!options.preview) serveWebApp(app);
  return app;
}
