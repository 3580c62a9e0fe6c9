import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug' | 'silly';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface S3Config {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

/** The validated, typed configuration. Nothing outside `src/config/` reads `process.env`. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** PostgreSQL URL; `undefined` means the embedded database under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number;
  migrationsRun: boolean;
  jwt: {
    accessSecret: string;
    refreshSecret: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    refreshAbsoluteTtlSeconds: number;
  };
  encryptionKeys: EncryptionKey[];
  admin: { email: string | undefined; password: string | undefined };
  s3: S3Config | undefined;
  telegramApiRoot: string;
  /** How bots get updates: `webhook` (production) or `polling` (getUpdates; development without a public URL). */
  telegramUpdates: 'webhook' | 'polling';
  publicBaseUrl: string;
  log: { level: LogLevel; dir: string | undefined };
  bodyLimit: string;
  /** CSV imports up to this many bytes are answered when done; bigger ones get 202 and a job to poll. */
  importSyncMaxBytes: number;
  outbox: {
    pollIntervalMs: number;
    maxAttempts: number;
    batchSize: number;
    retryBaseMs: number;
    retryMaxMs: number;
  };
  throttle: { loginFailuresPerAccount: number; loginFailuresPerIp: number; windowSeconds: number };
  documents: {
    /** Worker threads rendering PDFs (PDF_RENDER_WORKERS, default: the CPU count). */
    renderWorkers: number;
    /** Lifetime of document download links (DOCUMENT_LINK_TTL_SECONDS). */
    linkTtlSeconds: number;
  };
  /** The public web form (`POST /intake/web`). */
  intake: {
    rateLimitPerMinute: number;
    consentTextVersion: string;
    /** Origins (scheme://host[:port]) whose pages may post the form from a browser (CORS). */
    allowedOrigins: string[];
  };
  orders: {
    /** Less than this between an arrival and the next departure is a tight connection (warning). */
    minConnectionMinutes: number;
  };
  /** Personal data (152-FZ): deadlines of the privacy module. */
  privacy: {
    /** Days from a consent's withdrawal to the destruction of data nothing else keeps (PRIVACY_WITHDRAWAL_DESTROY_DAYS). */
    withdrawalDestroyDays: number;
    /** Applications never converted and older than this are destroyed by retention (PRIVACY_APPLICATION_RETENTION_DAYS). */
    applicationRetentionDays: number;
    /** How often the retention and reminder job runs (PRIVACY_JOB_INTERVAL_MS); 0 = never on its own. */
    jobIntervalMs: number;
  };
  finance: {
    /** The CBR daily rates endpoint (`?date_req=DD/MM/YYYY` is appended). */
    cbrDailyUrl: string;
    /** The agency's own requisites for bank exports (1C: the rouble account's side of each document). */
    agency: { name: string; inn: string; account: string };
  };
}

/** Raised at boot; the message names the variable and says what is wrong, in one line. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Secrets that may be generated on first start outside production (see `dev-secrets.ts`). */
export interface GeneratedSecrets {
  jwtAccessSecret: string;
  jwtRefreshSecret: string;
  dataEncryptionKeys: string;
}

const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `must be an integer, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const v = str(env, name);
  if (v === undefined) return def;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${v}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const v = str(env, name);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return v;
}

function secret(env: Env, name: string, fallback: string | undefined, production: boolean): string {
  const v = str(env, name);
  if (v !== undefined) {
    if (v.length < 32) throw new ConfigError(name, 'must be at least 32 characters long');
    return v;
  }
  if (production || fallback === undefined) throw new ConfigError(name, 'is required in production');
  return fallback;
}

/** Parses `keyId:base64(32 bytes)` entries; the first key encrypts, all of them decrypt. */
export function parseEncryptionKeys(name: string, raw: string): EncryptionKey[] {
  const keys = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const idx = entry.indexOf(':');
      if (idx <= 0) throw new ConfigError(name, 'entries must look like keyId:base64key');
      const id = entry.slice(0, idx);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new ConfigError(name, `has an invalid key id "${id}"`);
      const key = Buffer.from(entry.slice(idx + 1), 'base64');
      if (key.length !== 32) throw new ConfigError(name, `key "${id}" must decode to 32 bytes`);
      return { id, key };
    });
  if (keys.length === 0) throw new ConfigError(name, 'must contain at least one key');
  if (new Set(keys.map((k) => k.id)).size !== keys.length)
    throw new ConfigError(name, 'has duplicate key ids');
  return keys;
}

function s3(env: Env): S3Config | undefined {
  const endpoint = url(env, 'S3_ENDPOINT', ['http:', 'https:']);
  if (endpoint === undefined) return undefined;
  const parsed = new URL(endpoint);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(
      'S3_ENDPOINT',
      'must be scheme://host[:port] only, without path, query or credentials',
    );
  }
  const need = (n: string): string => {
    const v = str(env, n);
    if (v === undefined) throw new ConfigError(n, 'is required when S3_ENDPOINT is set');
    return v;
  };
  const bucket = need('S3_BUCKET');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('S3_BUCKET', 'is not a valid bucket name');
  }
  return {
    endpoint,
    accessKey: need('S3_ACCESS_KEY'),
    secretKey: need('S3_SECRET_KEY'),
    bucket,
    region: str(env, 'S3_REGION') ?? 'us-east-1',
  };
}

function origins(env: Env, name: string): string[] {
  const v = str(env, name);
  if (v === undefined) return [];
  return v
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      let u: URL;
      try {
        u = new URL(o);
      } catch {
        throw new ConfigError(name, `has an invalid origin "${o}"`);
      }
      if (!['http:', 'https:'].includes(u.protocol) || u.origin !== o.replace(/\/$/, '')) {
        throw new ConfigError(name, `entries must be origins like https://agency.example, got "${o}"`);
      }
      return u.origin;
    });
}

function consentTextVersion(env: Env): string {
  const v = str(env, 'INTAKE_CONSENT_TEXT_VERSION') ?? '1';
  if (v.length > 50) throw new ConfigError('INTAKE_CONSENT_TEXT_VERSION', 'must be at most 50 characters');
  return v;
}

function telegramUpdates(env: Env): 'webhook' | 'polling' {
  const v = (str(env, 'TELEGRAM_UPDATES') ?? 'webhook').toLowerCase();
  if (v !== 'webhook' && v !== 'polling') {
    throw new ConfigError('TELEGRAM_UPDATES', `must be webhook or polling, got "${v}"`);
  }
  return v;
}

/**
 * Validates the environment into an {@link AppConfig}. Pure: the caller passes the environment and,
 * outside production, the secrets generated under DATA_DIR for whatever the environment leaves out.
 */
export function loadConfig(env: Env, cwd: string, generated?: GeneratedSecrets): AppConfig {
  const nodeEnvRaw = str(env, 'NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as NodeEnv;
  const production = nodeEnv === 'production';
  const port = int(env, 'PORT', 3000, 0, 65535);
  const dataDirRaw = str(env, 'DATA_DIR') ?? './data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);

  const adminEmail = str(env, 'ADMIN_EMAIL');
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', 'is not a valid e-mail address');
  }
  const adminPassword = str(env, 'ADMIN_PASSWORD');
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters long');
  }

  const level = (str(env, 'LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level))
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const logDirRaw = str(env, 'LOG_DIR');

  const keysRaw = str(env, 'DATA_ENCRYPTION_KEYS');
  if (keysRaw === undefined && (production || !generated)) {
    throw new ConfigError('DATA_ENCRYPTION_KEYS', 'is required in production');
  }
  const encryptionKeys = parseEncryptionKeys(
    'DATA_ENCRYPTION_KEYS',
    keysRaw ?? generated!.dataEncryptionKeys,
  );

  const bodyLimit = str(env, 'BODY_LIMIT') ?? '1mb';
  if (!/^\d+(kb|mb)$/i.test(bodyLimit)) throw new ConfigError('BODY_LIMIT', 'must look like 512kb or 1mb');

  const accessTtlSeconds = int(env, 'JWT_ACCESS_TTL_SECONDS', 900, 30, 900);
  const refreshTtlSeconds = int(env, 'REFRESH_TOKEN_TTL_SECONDS', 14 * 86400, 60, 90 * 86400);
  const refreshAbsoluteTtlSeconds = int(
    env,
    'REFRESH_TOKEN_ABSOLUTE_TTL_SECONDS',
    30 * 86400,
    60,
    365 * 86400,
  );

  return {
    nodeEnv,
    port,
    databaseUrl,
    dataDir,
    dbPoolMax: int(env, 'DB_POOL_MAX', 10, 1, 500),
    migrationsRun: bool(env, 'MIGRATIONS_RUN', true),
    jwt: {
      accessSecret: secret(env, 'JWT_ACCESS_SECRET', generated?.jwtAccessSecret, production),
      refreshSecret: secret(env, 'JWT_REFRESH_SECRET', generated?.jwtRefreshSecret, production),
      accessTtlSeconds,
      refreshTtlSeconds,
      refreshAbsoluteTtlSeconds: Math.max(refreshAbsoluteTtlSeconds, refreshTtlSeconds),
    },
    encryptionKeys,
    admin: { email: adminEmail?.toLowerCase(), password: adminPassword },
    s3: s3(env),
    telegramApiRoot: url(env, 'TELEGRAM_API_ROOT', ['http:', 'https:']) ?? 'https://api.telegram.org',
    telegramUpdates: telegramUpdates(env),
    publicBaseUrl: (url(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(
      /\/+$/,
      '',
    ),
    log: { level, dir: logDirRaw === undefined ? undefined : resolve(cwd, logDirRaw) },
    bodyLimit,
    importSyncMaxBytes: int(env, 'CLIENT_IMPORT_SYNC_MAX_BYTES', 1024 * 1024, 0, 1024 * 1024 * 1024),
    outbox: {
      pollIntervalMs: int(env, 'OUTBOX_POLL_INTERVAL_MS', 1000, 10, 60000),
      maxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 10, 1, 100),
      batchSize: int(env, 'OUTBOX_BATCH_SIZE', 50, 1, 1000),
      retryBaseMs: int(env, 'OUTBOX_RETRY_BASE_MS', 1000, 1, 3_600_000),
      retryMaxMs: int(env, 'OUTBOX_RETRY_MAX_MS', 300_000, 1, 86_400_000),
    },
    throttle: {
      loginFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      loginFailuresPerIp: int(env, 'LOGIN_MAX_FAILURES_PER_IP', 30, 1, 100000),
      windowSeconds: int(env, 'LOGIN_THROTTLE_WINDOW_SECONDS', 900, 1, 86400),
    },
    documents: {
      renderWorkers: int(env, 'PDF_RENDER_WORKERS', Math.max(1, availableParallelism()), 1, 64),
      linkTtlSeconds: int(env, 'DOCUMENT_LINK_TTL_SECONDS', 300, 1, 86400),
    },
    intake: {
      rateLimitPerMinute: int(env, 'INTAKE_RATE_LIMIT_PER_MINUTE', 20, 1, 100000),
      consentTextVersion: consentTextVersion(env),
      allowedOrigins: origins(env, 'INTAKE_ALLOWED_ORIGINS'),
    },
    orders: {
      minConnectionMinutes: int(env, 'ORDERS_MIN_CONNECTION_MINUTES', 60, 0, 1440),
    },
    privacy: {
      withdrawalDestroyDays: int(env, 'PRIVACY_WITHDRAWAL_DESTROY_DAYS', 30, 1, 3650),
      applicationRetentionDays: int(env, 'PRIVACY_APPLICATION_RETENTION_DAYS', 180, 1, 36500),
      jobIntervalMs: int(env, 'PRIVACY_JOB_INTERVAL_MS', 3_600_000, 0, 86_400_000),
    },
    finance: {
      cbrDailyUrl:
        url(env, 'CBR_DAILY_URL', ['http:', 'https:']) ?? 'https://www.cbr.ru/scripts/XML_daily.asp',
      agency: {
        name: str(env, 'AGENCY_NAME') ?? 'Турагентство',
        inn: digits(env, 'AGENCY_INN', [10, 12]),
        account: digits(env, 'AGENCY_ACCOUNT', [20]),
      },
    },
  };
}

function digits(env: Env, name: string, lengths: number[]): string {
  const v = str(env, name);
  if (v === undefined) return '';
  if (!/^\d+$/.test(v) || !lengths.includes(v.length)) {
    throw new ConfigError(name, `must be ${lengths.join(' or ')} digits`);
  }
  return v;
}

/** Keys whose values are secret: never logged, never returned. */
export const SENSITIVE_CONFIG_KEYS = [
  'JWT_ACCESS_SECRET',
  'JWT_REFRESH_SECRET',
  'DATA_ENCRYPTION_KEYS',
  'ADMIN_PASSWORD',
  'S3_SECRET_KEY',
  'DATABASE_URL',
] as const;
