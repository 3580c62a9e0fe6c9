import { accessSync, constants, mkdirSync } from 'node:fs';
import type { LoggerService } from '@nestjs/common';
import * as winston from 'winston';
import DailyRotateFile from 'winston-daily-rotate-file';
import type { AppConfig } from '../../config/app-config';
import { RequestContext } from '../context/request-context';
import { redactText, redactValue } from './redact';

export interface LogSink {
  (entry: Record<string, unknown>): void;
}

/** Adds request id and user id from the request context to every line. */
const withContext = winston.format((info) => {
  const ctx = RequestContext.current();
  if (ctx) {
    if (info.requestId === undefined) info.requestId = ctx.requestId;
    if (info.userId === undefined && ctx.userId) info.userId = ctx.userId;
  }
  return info;
});

/** Masks secrets and personal data in the message and every metadata field. */
const redaction = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'timestamp') continue;
    const redacted = redactValue({ [key]: info[key] }) as Record<string, unknown>;
    info[key] = redacted[key];
  }
  if (typeof info.message === 'string') info.message = redactText(info.message);
  return info;
});

class SinkTransport extends winston.transports.Stream {
  constructor(sink: LogSink) {
    const { Writable } = require('node:stream') as typeof import('node:stream'); // eslint-disable-line @typescript-eslint/no-require-imports
    super({
      stream: new Writable({
        objectMode: true,
        write(chunk: unknown, _enc, cb) {
          try {
            sink(JSON.parse(String((chunk as Record<symbol, unknown>)[Symbol.for('message')] ?? chunk)));
          } catch {
            sink({ raw: String(chunk) });
          }
          cb();
        },
      }),
    });
  }
}

export interface LoggerOptions {
  /** Write JSON lines to stdout (default true). */
  console?: boolean;
  /** Extra in-process receiver of every formatted line (tests capture logs with it). */
  sink?: LogSink;
}

export function createLogger(config: Pick<AppConfig, 'log'>, options: LoggerOptions = {}): winston.Logger {
  const transports: winston.transport[] = [];
  if (options.console !== false) transports.push(new winston.transports.Console());
  const dirProblem = config.log.dir ? unwritable(config.log.dir) : null;
  if (config.log.dir && !dirProblem) {
    transports.push(
      new DailyRotateFile({
        dirname: config.log.dir,
        filename: 'travel-crm-%DATE%.log',
        datePattern: 'YYYY-MM-DD',
        zippedArchive: true,
        maxFiles: '30d',
        maxSize: '100m',
      }),
    );
  }
  if (options.sink) transports.push(new SinkTransport(options.sink));
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  const logger = winston.createLogger({
    level: config.log.level,
    format: winston.format.combine(
      winston.format.timestamp(),
      withContext(),
      winston.format.errors({ stack: true }),
      redaction(),
      winston.format.json(),
    ),
    transports,
  });
  // an unwritable LOG_DIR (a root-owned volume, a read-only mount) costs the files, not the process
  if (dirProblem) {
    logger.warn(`LOG_DIR ${config.log.dir} is not writable (${dirProblem}); logging to stdout only`, {
      context: 'Logger',
    });
  }
  return logger;
}

/** Why `dir` cannot take log files (created when missing), or null when it can. */
function unwritable(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

/** Nest's logger interface over winston, so framework messages share the format and redaction. */
export class WinstonNestLogger implements LoggerService {
  constructor(private readonly logger: winston.Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    if (context !== undefined) this.write('error', message, context, stackOrContext);
    else this.write('error', message, stackOrContext);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('verbose', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('error', message, context);
  }

  private write(level: string, message: unknown, context?: string, stack?: string): void {
    // winston would format the entry before dropping it for its level
    if (!this.logger.isLevelEnabled(level)) return;
    if (message instanceof Error) {
      this.logger.log(level, message.message, { context, stack: message.stack });
      return;
    }
    if (typeof message === 'object' && message !== null) {
      this.logger.log(level, 'event', { context, ...(message as object) });
      return;
    }
    this.logger.log(level, String(message), stack ? { context, stack } : { context });
  }
}
