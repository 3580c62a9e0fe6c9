import { ConfigError, loadConfig, parseEncryptionKeys } from './app-config';
import { parseDotEnv } from './env';

const KEY = Buffer.alloc(32, 3).toString('base64');
const base = {
  JWT_ACCESS_SECRET: 'a'.repeat(32),
  JWT_REFRESH_SECRET: 'b'.repeat(32),
  DATA_ENCRYPTION_KEYS: `k1:${KEY}`,
};

function fails(env: Record<string, string>, variable: string): void {
  try {
    loadConfig(env, '/srv');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    expect((err as Error).message).toMatch(new RegExp(`^Configuration error: ${variable} `));
    expect((err as Error).message).not.toContain('\n');
    return;
  }
  throw new Error(`expected ${variable} to be rejected`);
}

describe('loadConfig', () => {
  it('applies the documented defaults when only secrets are given', () => {
    const c = loadConfig(base, '/srv');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe('/srv/data');
    expect(c.dbPoolMax).toBe(10);
    expect(c.dbPoolMin).toBe(10);
    expect(c.dbPipeline).toBe(true);
    expect(loadConfig({ ...base, DB_PIPELINE: 'false' }, '/srv').dbPipeline).toBe(false);
    expect(c.migrationsRun).toBe(true);
    expect(c.telegramApiRoot).toBe('https://api.telegram.org');
    expect(c.publicBaseUrl).toBe('http://localhost:3000');
    expect(c.log).toEqual({ level: 'info', dir: undefined });
    expect(c.s3).toBeUndefined();
    expect(c.jwt.accessTtlSeconds).toBeLessThanOrEqual(900);
  });

  it('keeps the whole pool open by default; DB_POOL_MIN lowers it, never above DB_POOL_MAX', () => {
    expect(loadConfig({ ...base, DB_POOL_MAX: '6' }, '/srv').dbPoolMin).toBe(6);
    expect(loadConfig({ ...base, DB_POOL_MAX: '6', DB_POOL_MIN: '0' }, '/srv').dbPoolMin).toBe(0);
    expect(loadConfig({ ...base, DB_POOL_MIN: '2' }, '/srv')).toMatchObject({ dbPoolMax: 10, dbPoolMin: 2 });
    fails({ ...base, DB_POOL_MAX: '6', DB_POOL_MIN: '7' }, 'DB_POOL_MIN');
    fails({ ...base, DB_POOL_MIN: '-1' }, 'DB_POOL_MIN');
  });

  it('lets background loops yield above 70 % event-loop utilisation unless BACKGROUND_YIELD_PERCENT says otherwise', () => {
    expect(loadConfig(base, '/srv').backgroundYieldPercent).toBe(70);
    expect(loadConfig({ ...base, BACKGROUND_YIELD_PERCENT: '100' }, '/srv').backgroundYieldPercent).toBe(100);
    fails({ ...base, BACKGROUND_YIELD_PERCENT: '0' }, 'BACKGROUND_YIELD_PERCENT');
    fails({ ...base, BACKGROUND_YIELD_PERCENT: '101' }, 'BACKGROUND_YIELD_PERCENT');
  });

  it('keeps the background work in every cluster worker unless CLUSTER_BACKGROUND=separate; the role is set per worker', () => {
    expect(loadConfig(base, '/srv')).toMatchObject({
      cluster: { background: 'shared', backgroundNice: 10 },
      processRole: 'all',
    });
    expect(
      loadConfig(
        { ...base, CLUSTER_BACKGROUND: 'Separate', BACKGROUND_NICE: '0', CRM_PROCESS_ROLE: 'web' },
        '/srv',
      ),
    ).toMatchObject({ cluster: { background: 'separate', backgroundNice: 0 }, processRole: 'web' });
    fails({ ...base, CLUSTER_BACKGROUND: 'both' }, 'CLUSTER_BACKGROUND');
    fails({ ...base, BACKGROUND_NICE: '20' }, 'BACKGROUND_NICE');
    fails({ ...base, CRM_PROCESS_ROLE: 'primary' }, 'CRM_PROCESS_ROLE');
  });

  it('reads the web intake limit and consent text version, with defaults 20 and "1"', () => {
    expect(loadConfig(base, '/srv').intake).toEqual({
      rateLimitPerMinute: 20,
      consentTextVersion: '1',
      allowedOrigins: [],
    });
    expect(
      loadConfig(
        {
          ...base,
          INTAKE_RATE_LIMIT_PER_MINUTE: '5',
          INTAKE_CONSENT_TEXT_VERSION: '2025-09',
          INTAKE_ALLOWED_ORIGINS: 'https://agency.example, http://localhost:8080/',
        },
        '/srv',
      ).intake,
    ).toEqual({
      rateLimitPerMinute: 5,
      consentTextVersion: '2025-09',
      allowedOrigins: ['https://agency.example', 'http://localhost:8080'],
    });
  });

  it('reads the e-mail intake settings with their defaults, and refuses a lease shorter than two polls', () => {
    expect(loadConfig(base, '/srv').email).toEqual({
      pollIntervalMs: 30_000,
      leaseMs: 90_000,
      reconnectBaseMs: 1000,
      reconnectMaxMs: 300_000,
      maxMessageBytes: 30 * 1024 * 1024,
      maxAttachments: 10,
      allowSelfSigned: false,
    });
    expect(loadConfig({ ...base, EMAIL_TLS_ALLOW_SELF_SIGNED: 'true' }, '/srv').email.allowSelfSigned).toBe(
      true,
    );
    fails({ ...base, EMAIL_POLL_INTERVAL_MS: '60000', EMAIL_LEASE_MS: '90000' }, 'EMAIL_LEASE_MS');
    fails({ ...base, EMAIL_MAX_ATTACHMENTS: '50' }, 'EMAIL_MAX_ATTACHMENTS');
  });

  it('takes Telegram updates by webhook unless TELEGRAM_UPDATES=polling', () => {
    expect(loadConfig(base, '/srv').telegramUpdates).toBe('webhook');
    expect(loadConfig({ ...base, TELEGRAM_UPDATES: 'Polling' }, '/srv').telegramUpdates).toBe('polling');
    fails({ ...base, TELEGRAM_UPDATES: 'carrier-pigeon' }, 'TELEGRAM_UPDATES');
  });

  it('trusts X-Forwarded-For from loopback only unless TRUST_PROXY names hops or CIDRs', () => {
    expect(loadConfig(base, '/srv').edge.trustProxy).toEqual(['loopback']);
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }, '/srv').edge.trustProxy).toBe(1);
    expect(
      loadConfig({ ...base, TRUST_PROXY: '172.16.0.0/12, 10.0.0.5,loopback, fd00::/8' }, '/srv').edge
        .trustProxy,
    ).toEqual(['172.16.0.0/12', '10.0.0.5', 'loopback', 'fd00::/8']);
    for (const bad of ['everyone', '10.0.0.0/33', '300.1.1.1', '11', '10.0.0.0/8/1', 'true']) {
      fails({ ...base, TRUST_PROXY: bad }, 'TRUST_PROXY');
    }
  });

  it('takes METRICS_TOKEN when it is long enough and names it when it is not', () => {
    expect(loadConfig(base, '/srv').edge.metricsToken).toBeUndefined();
    expect(loadConfig({ ...base, METRICS_TOKEN: 'm'.repeat(32) }, '/srv').edge.metricsToken).toBe(
      'm'.repeat(32),
    );
    fails({ ...base, METRICS_TOKEN: 'short' }, 'METRICS_TOKEN');
  });

  it('names the variable when a value is malformed', () => {
    fails({ ...base, PORT: 'eighty' }, 'PORT');
    fails({ ...base, PORT: '70000' }, 'PORT');
    fails({ ...base, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL');
    fails({ ...base, DB_POOL_MAX: '0' }, 'DB_POOL_MAX');
    fails({ ...base, JWT_ACCESS_SECRET: 'short' }, 'JWT_ACCESS_SECRET');
    fails({ ...base, DATA_ENCRYPTION_KEYS: 'k1:dG9vc2hvcnQ=' }, 'DATA_ENCRYPTION_KEYS');
    fails({ ...base, LOG_LEVEL: 'loud' }, 'LOG_LEVEL');
    fails({ ...base, MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN');
    fails({ ...base, ADMIN_EMAIL: 'not-an-email' }, 'ADMIN_EMAIL');
    fails({ ...base, ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD');
    fails({ ...base, S3_ENDPOINT: 'http://minio:9000' }, 'S3_BUCKET');
    fails({ ...base, NODE_ENV: 'staging' }, 'NODE_ENV');
    fails({ ...base, PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL');
    fails({ ...base, INTAKE_RATE_LIMIT_PER_MINUTE: '0' }, 'INTAKE_RATE_LIMIT_PER_MINUTE');
    fails({ ...base, INTAKE_CONSENT_TEXT_VERSION: 'v'.repeat(51) }, 'INTAKE_CONSENT_TEXT_VERSION');
    fails({ ...base, INTAKE_ALLOWED_ORIGINS: 'https://agency.example/form' }, 'INTAKE_ALLOWED_ORIGINS');
    fails({ ...base, INTAKE_ALLOWED_ORIGINS: 'agency.example' }, 'INTAKE_ALLOWED_ORIGINS');
  });

  it('requires secrets in production and takes generated ones otherwise', () => {
    fails(
      { NODE_ENV: 'production', DATA_ENCRYPTION_KEYS: `k1:${KEY}`, JWT_REFRESH_SECRET: 'b'.repeat(32) },
      'JWT_ACCESS_SECRET',
    );
    fails(
      { NODE_ENV: 'production', JWT_ACCESS_SECRET: 'a'.repeat(32), JWT_REFRESH_SECRET: 'b'.repeat(32) },
      'DATA_ENCRYPTION_KEYS',
    );
    const generated = {
      jwtAccessSecret: 'g'.repeat(40),
      jwtRefreshSecret: 'h'.repeat(40),
      dataEncryptionKeys: `gen:${KEY}`,
    };
    const c = loadConfig({}, '/srv', generated);
    expect(c.jwt.accessSecret).toBe('g'.repeat(40));
    expect(c.encryptionKeys[0].id).toBe('gen');
  });

  it('parses S3 settings and a public URL without a trailing slash', () => {
    const c = loadConfig(
      {
        ...base,
        S3_ENDPOINT: 'http://minio:9000',
        S3_BUCKET: 'crm-files',
        S3_ACCESS_KEY: 'ak',
        S3_SECRET_KEY: 'sk',
        PUBLIC_BASE_URL: 'https://crm.agency.ru/',
      },
      '/srv',
    );
    expect(c.s3).toEqual({
      endpoint: 'http://minio:9000',
      bucket: 'crm-files',
      accessKey: 'ak',
      secretKey: 'sk',
      region: 'us-east-1',
    });
    expect(c.publicBaseUrl).toBe('https://crm.agency.ru');
  });

  it('keeps every key of DATA_ENCRYPTION_KEYS in order and rejects duplicates', () => {
    const keys = parseEncryptionKeys('K', `new:${KEY},old:${Buffer.alloc(32, 9).toString('base64')}`);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(() => parseEncryptionKeys('K', `a:${KEY},a:${KEY}`)).toThrow(/duplicate/);
  });
});

describe('backup configuration', () => {
  const R = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

  it('defaults to DATA_DIR/backups, no recipients, no schedule and 7/4/12 retention when nothing is set', () => {
    expect(loadConfig({ ...base, DATA_DIR: '/var/crm' }, '/srv').backup).toEqual({
      dir: '/var/crm/backups',
      ageRecipients: [],
      ageIdentityFile: undefined,
      schedule: undefined,
      retention: { daily: 7, weekly: 4, monthly: 12 },
      s3Bucket: undefined,
    });
  });

  it('reads recipients, identity file, schedule and retention when they are set', () => {
    const b = loadConfig(
      {
        ...base,
        BACKUP_DIR: 'bk',
        BACKUP_AGE_RECIPIENTS: `${R}, ${R.replace('p', 'q')}`,
        BACKUP_AGE_IDENTITY_FILE: 'keys/backup.key',
        BACKUP_SCHEDULE: '30 2 * * *',
        BACKUP_KEEP_DAILY: '3',
        BACKUP_KEEP_WEEKLY: '0',
        BACKUP_KEEP_MONTHLY: '24',
      },
      '/srv',
    ).backup;
    expect(b).toMatchObject({
      dir: '/srv/bk',
      ageRecipients: [R, R.replace('p', 'q')],
      ageIdentityFile: '/srv/keys/backup.key',
      schedule: '30 2 * * *',
      retention: { daily: 3, weekly: 0, monthly: 24 },
    });
  });

  it('names the variable when a recipient, the schedule, retention or the bucket is malformed', () => {
    fails({ ...base, BACKUP_AGE_RECIPIENTS: 'ssh-ed25519 AAAA' }, 'BACKUP_AGE_RECIPIENTS');
    fails({ ...base, BACKUP_SCHEDULE: 'daily' }, 'BACKUP_SCHEDULE');
    fails({ ...base, BACKUP_KEEP_DAILY: '-1' }, 'BACKUP_KEEP_DAILY');
    fails({ ...base, BACKUP_S3_BUCKET: 'backups' }, 'BACKUP_S3_BUCKET');
  });
});

describe('parseDotEnv', () => {
  it('reads KEY=value lines with quotes and comments', () => {
    expect(
      parseDotEnv('# comment\nPORT=4000\nexport ADMIN_EMAIL="a@b.ru"\nX=\'y z\'\nY=1 # trailing\n\nbad line'),
    ).toEqual({
      PORT: '4000',
      ADMIN_EMAIL: 'a@b.ru',
      X: 'y z',
      Y: '1',
    });
  });
});
