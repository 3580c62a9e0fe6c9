import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import {
  DEFAULT_BULK_HEAP_GROWING_PERCENT,
  DEFAULT_HEAP_GROWING_PERCENT,
} from '../shared/runtime/heap-growth';
import { PROCESS_ROLE_ENV, type ProcessRole } from '../shared/runtime/process-role';

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
  /** Where browsers reach the storage (`S3_PUBLIC_ENDPOINT`): download links are signed for it. */
  publicEndpoint?: string;
}

/** The validated, typed configuration. Nothing outside `src/config/` reads `process.env`. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** PostgreSQL URL; `undefined` means the embedded database under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number;
  /** Connections the pool keeps open when idle (DB_POOL_MIN, default: all of DB_POOL_MAX). */
  dbPoolMin: number;
  /**
   * DB_PIPELINE (default on): a transaction's statements that do not wait for each other share a
   * round trip to PostgreSQL (pg's pipeline mode; the embedded database never pipelines).
   */
  dbPipeline: boolean;
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
  /** WhatsApp Business Cloud API (WHATSAPP_GRAPH_API_ROOT, WHATSAPP_GRAPH_API_VERSION). */
  whatsapp: { graphApiRoot: string; graphApiVersion: string };
  /** How bots get updates: `webhook` (production) or `polling` (getUpdates; development without a public URL). */
  telegramUpdates: 'webhook' | 'polling';
  publicBaseUrl: string;
  log: { level: LogLevel; dir: string | undefined };
  bodyLimit: string;
  /** On SIGTERM, how long requests in flight may take before connections are cut (SHUTDOWN_DRAIN_SECONDS). */
  shutdownDrainSeconds: number;
  /**
   * Event-loop utilisation, in per cent, above which background loops wait while requests are
   * answered (BACKGROUND_YIELD_PERCENT; 100 = never wait): src/shared/runtime/foreground-first.ts.
   */
  backgroundYieldPercent: number;
  /** HTTP worker processes behind the one port (WEB_CONCURRENCY, node:cluster; 1 = no cluster). */
  webConcurrency: number;
  /**
   * With WEB_CONCURRENCY > 1: the background work in every worker (`shared`, the default) or in
   * one more worker that does nothing else (`separate`) (CLUSTER_BACKGROUND); that worker's nice
   * value (BACKGROUND_NICE, 0–19): src/shared/runtime/process-role.ts.
   */
  cluster: { background: 'separate' | 'shared'; backgroundNice: number };
  /** What this process does (set by the cluster primary on the workers it forks). */
  processRole: ProcessRole;
  /** V8's old-space growth past the live heap, in per cent (HEAP_GROWING_PERCENT; 0 = V8's own factor). */
  heapGrowingPercent: number;
  /** The same while a bulk job (a CSV import) runs (BULK_HEAP_GROWING_PERCENT; 0 = no change). */
  bulkHeapGrowingPercent: number;
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
    /** Quiet window before an order's documents are re-rendered (DOCUMENTS_REGENERATE_DELAY_MS). */
    regenerateDelayMs: number;
    /** The longest a burst of order changes may hold a regeneration back (DOCUMENTS_REGENERATE_MAX_DELAY_MS). */
    regenerateMaxDelayMs: number;
  };
  /** The public web form (`POST /intake/web`). */
  intake: {
    rateLimitPerMinute: number;
    consentTextVersion: string;
    /** Origins (scheme://host[:port]) whose pages may post the form from a browser (CORS). */
    allowedOrigins: string[];
  };
  /** Back-office front ends on other origins allowed by CORS (`CORS_ORIGINS`). */
  cors: { origins: string[] };
  orders: {
    /** Less than this between an arrival and the next departure is a tight connection (warning). */
    minConnectionMinutes: number;
  };
  edge: {
    /** Bearer token `/metrics` requires (METRICS_TOKEN); unset → `/metrics` answers only on loopback. */
    metricsToken: string | undefined;
    /**
     * Which proxies' X-Forwarded-For to believe (TRUST_PROXY): a hop count, or addresses / CIDRs /
     * proxy-addr keywords (loopback, linklocal, uniquelocal), as Fastify reads them. Default `loopback`.
     */
    trustProxy: number | string[];
  };
  /** E-mail intake over IMAP (integrations of type email). */
  email: {
    /** Safety poll besides IDLE, lease renewal and the NOOP polling of servers without IDLE. */
    pollIntervalMs: number;
    /** A replica's claim on a mailbox lasts this long unless renewed (another replica takes over after). */
    leaseMs: number;
    /** Reconnect backoff: from the base, doubling, up to the max. */
    reconnectBaseMs: number;
    reconnectMaxMs: number;
    /** Bigger messages are stored without their body parts (headers and a note only). */
    maxMessageBytes: number;
    maxAttachments: number;
    /** IMAP/SMTP connections to servers with self-signed certificates (own servers); off by default. */
    allowSelfSigned: boolean;
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
  };
  /** `npm run backup` / `restore` / `backup:verify` and the in-app schedule. */
  backup: BackupConfig;
}

export interface BackupConfig {
  /** BACKUP_DIR (default `DATA_DIR/backups`). */
  dir: string;
  /** BACKUP_AGE_RECIPIENTS: age public keys (`age1…`) every artefact is encrypted to; required to back up. */
  ageRecipients: string[];
  /** BACKUP_AGE_IDENTITY_FILE: the age private key file restore and verify read; required to restore. */
  ageIdentityFile: string | undefined;
  /** BACKUP_SCHEDULE: cron expression for backups inside the app; off when unset. */
  schedule: string | undefined;
  /** BACKUP_KEEP_DAILY / _WEEKLY / _MONTHLY. */
  retention: { daily: number; weekly: number; monthly: number };
  /** BACKUP_S3_BUCKET: a bucket on S3_ENDPOINT that receives a copy of every backup; off when unset. */
  s3Bucket: string | undefined;
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
    publicEndpoint: publicS3Endpoint(env),
  };
}

function publicS3Endpoint(env: Env): string | undefined {
  const v = url(env, 'S3_PUBLIC_ENDPOINT', ['http:', 'https:']);
  if (v === undefined) return undefined;
  const parsed = new URL(v);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(
      'S3_PUBLIC_ENDPOINT',
      'must be scheme://host[:port] only, without path, query or credentials',
    );
  }
  return v;
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

function graphApiVersion(env: Env): string {
  const v = str(env, 'WHATSAPP_GRAPH_API_VERSION') ?? 'v21.0';
  if (!/^v\d{1,3}\.\d{1,3}$/.test(v)) {
    throw new ConfigError('WHATSAPP_GRAPH_API_VERSION', 'must look like v21.0');
  }
  return v;
}

function emailConfig(env: Env): AppConfig['email'] {
  const pollIntervalMs = int(env, 'EMAIL_POLL_INTERVAL_MS', 30_000, 50, 3_600_000);
  const leaseMs = int(env, 'EMAIL_LEASE_MS', 90_000, 200, 3_600_000);
  // the lease is renewed once per poll interval: it must outlive at least two of them
  if (leaseMs < 2 * pollIntervalMs)
    throw new ConfigError('EMAIL_LEASE_MS', 'must be at least twice EMAIL_POLL_INTERVAL_MS');
  return {
    pollIntervalMs,
    leaseMs,
    reconnectBaseMs: int(env, 'EMAIL_RECONNECT_BASE_MS', 1000, 10, 600_000),
    reconnectMaxMs: int(env, 'EMAIL_RECONNECT_MAX_MS', 300_000, 10, 3_600_000),
    maxMessageBytes: int(env, 'EMAIL_MAX_MESSAGE_BYTES', 30 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    maxAttachments: int(env, 'EMAIL_MAX_ATTACHMENTS', 10, 0, 20),
    allowSelfSigned: bool(env, 'EMAIL_TLS_ALLOW_SELF_SIGNED', false),
  };
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], def: T): T {
  const v = (str(env, name) ?? def).toLowerCase();
  if (!(values as readonly string[]).includes(v)) {
    throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${v}"`);
  }
  return v as T;
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

  const dbPoolMax = int(env, 'DB_POOL_MAX', 10, 1, 500);
  return {
    nodeEnv,
    port,
    databaseUrl,
    dataDir,
    dbPoolMax,
    dbPoolMin: int(env, 'DB_POOL_MIN', dbPoolMax, 0, dbPoolMax),
    dbPipeline: bool(env, 'DB_PIPELINE', true),
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
    whatsapp: {
      graphApiRoot: (
        url(env, 'WHATSAPP_GRAPH_API_ROOT', ['http:', 'https:']) ?? 'https://graph.facebook.com'
      ).replace(/\/+$/, ''),
      graphApiVersion: graphApiVersion(env),
    },
    publicBaseUrl: (url(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(
      /\/+$/,
      '',
    ),
    log: { level, dir: logDirRaw === undefined ? undefined : resolve(cwd, logDirRaw) },
    bodyLimit,
    shutdownDrainSeconds: int(env, 'SHUTDOWN_DRAIN_SECONDS', 20, 1, 600),
    backgroundYieldPercent: int(env, 'BACKGROUND_YIELD_PERCENT', 70, 5, 100),
    webConcurrency: int(env, 'WEB_CONCURRENCY', 1, 1, 64),
    cluster: {
      background: oneOf(env, 'CLUSTER_BACKGROUND', ['shared', 'separate'] as const, 'shared'),
      backgroundNice: int(env, 'BACKGROUND_NICE', 10, 0, 19),
    },
    processRole: oneOf(env, PROCESS_ROLE_ENV, ['all', 'web', 'background'] as const, 'all'),
    heapGrowingPercent: int(env, 'HEAP_GROWING_PERCENT', DEFAULT_HEAP_GROWING_PERCENT, 0, 400),
    bulkHeapGrowingPercent: int(env, 'BULK_HEAP_GROWING_PERCENT', DEFAULT_BULK_HEAP_GROWING_PERCENT, 0, 400),
    importSyncMaxBytes: int(env, 'CLIENT_IMPORT_SYNC_MAX_BYTES', 1024 * 1024, 0, 1024 * 1024 * 1024),
    outbox: {
      pollIntervalMs: int(env, 'OUTBOX_POLL_INTERVAL_MS', 1000, 10, 60000),
      maxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 10, 1, 100),
      batchSize: int(env, 'OUTBOX_BATCH_SIZE', 250, 1, 1000),
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
      regenerateDelayMs: int(env, 'DOCUMENTS_REGENERATE_DELAY_MS', 1000, 0, 600_000),
      regenerateMaxDelayMs: int(env, 'DOCUMENTS_REGENERATE_MAX_DELAY_MS', 10_000, 0, 3_600_000),
    },
    intake: {
      rateLimitPerMinute: int(env, 'INTAKE_RATE_LIMIT_PER_MINUTE', 20, 1, 100000),
      consentTextVersion: consentTextVersion(env),
      allowedOrigins: origins(env, 'INTAKE_ALLOWED_ORIGINS'),
    },
    cors: { origins: origins(env, 'CORS_ORIGINS') },
    orders: {
      minConnectionMinutes: int(env, 'ORDERS_MIN_CONNECTION_MINUTES', 60, 0, 1440),
    },
    edge: { metricsToken: metricsToken(env), trustProxy: trustProxy(env) },
    email: emailConfig(env),
    privacy: {
      withdrawalDestroyDays: int(env, 'PRIVACY_WITHDRAWAL_DESTROY_DAYS', 30, 1, 3650),
      applicationRetentionDays: int(env, 'PRIVACY_APPLICATION_RETENTION_DAYS', 180, 1, 36500),
      jobIntervalMs: int(env, 'PRIVACY_JOB_INTERVAL_MS', 3_600_000, 0, 86_400_000),
    },
    finance: {
      cbrDailyUrl:
        url(env, 'CBR_DAILY_URL', ['http:', 'https:']) ?? 'https://www.cbr.ru/scripts/XML_daily.asp',
    },
    backup: backupConfig(env, cwd, dataDir),
  };
}

function backupConfig(env: Env, cwd: string, dataDir: string): BackupConfig {
  const dir = str(env, 'BACKUP_DIR');
  const recipients = (str(env, 'BACKUP_AGE_RECIPIENTS') ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of recipients) {
    if (!/^age1[0-9a-z]{50,}$/.test(r)) {
      throw new ConfigError('BACKUP_AGE_RECIPIENTS', 'entries must be age public keys (age1…)');
    }
  }
  const identity = str(env, 'BACKUP_AGE_IDENTITY_FILE');
  const schedule = str(env, 'BACKUP_SCHEDULE');
  if (schedule !== undefined && !/^(\S+\s+){4,5}\S+$/.test(schedule)) {
    throw new ConfigError('BACKUP_SCHEDULE', 'must be a cron expression like "30 2 * * *"');
  }
  const bucket = str(env, 'BACKUP_S3_BUCKET');
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('BACKUP_S3_BUCKET', 'is not a valid bucket name');
  }
  if (bucket !== undefined && str(env, 'S3_ENDPOINT') === undefined) {
    throw new ConfigError('BACKUP_S3_BUCKET', 'needs S3_ENDPOINT and its credentials');
  }
  return {
    dir: dir === undefined ? join(dataDir, 'backups') : resolve(cwd, dir),
    ageRecipients: recipients,
    ageIdentityFile: identity === undefined ? undefined : resolve(cwd, identity),
    schedule,
    retention: {
      daily: int(env, 'BACKUP_KEEP_DAILY', 7, 0, 3650),
      weekly: int(env, 'BACKUP_KEEP_WEEKLY', 4, 0, 520),
      monthly: int(env, 'BACKUP_KEEP_MONTHLY', 12, 0, 1200),
    },
    s3Bucket: bucket,
  };
}

function metricsToken(env: Env): string | undefined {
  const v = str(env, 'METRICS_TOKEN');
  if (v !== undefined && (v.length < 16 || /\s/.test(v))) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters without spaces');
  }
  return v;
}

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: `2` (hops), or `10.0.0.0/8, 172.16.0.0/12, loopback` (addresses, CIDRs, keywords). */
function trustProxy(env: Env): number | string[] {
  const v = str(env, 'TRUST_PROXY');
  if (v === undefined) return ['loopback'];
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `must be at most 10 hops, got ${hops}`);
    return hops;
  }
  const items = v.split(',').map((x) => x.trim());
  for (const item of items) {
    if (PROXY_KEYWORDS.includes(item)) continue;
    const [addr, prefix, ...rest] = item.split('/');
    const family = isIP(addr);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be a hop count or comma-separated addresses / CIDRs (or loopback, linklocal, uniquelocal), got "${item}"`,
      );
    }
  }
  return items;
}

/** Keys whose values are secret: never logged, never returned. */
export const SENSITIVE_CONFIG_KEYS = [
  'JWT_ACCESS_SECRET',
  'JWT_REFRESH_SECRET',
  'DATA_ENCRYPTION_KEYS',
  'ADMIN_PASSWORD',
  'S3_SECRET_KEY',
  'DATABASE_URL',
  'METRICS_TOKEN',
] as const;
