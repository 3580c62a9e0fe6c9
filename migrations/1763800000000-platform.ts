import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Platform: users and sign-in, the outbox and inbox, the audit chain, idempotency keys, rate limits. */
export class Platform1763800000000 implements MigrationInterface {
  name = 'Platform1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id            uuid PRIMARY KEY,
        email         text NOT NULL,
        full_name     text NOT NULL,
        role          text NOT NULL CHECK (role IN ('admin', 'supervisor', 'operator', 'accountant')),
        active        boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL,
        version       integer NOT NULL DEFAULT 1,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        deleted_at    timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email)) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX users_created_at ON users (created_at)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id                uuid PRIMARY KEY,
        family_id         uuid NOT NULL,
        user_id           uuid NOT NULL REFERENCES users (id),
        token_hash        text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        expires_at        timestamptz NOT NULL,
        family_expires_at timestamptz NOT NULL,
        used_at           timestamptz,
        replaced_by       uuid,
        revoked_at        timestamptz,
        revoked_reason    text
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`);
    await q.query(
      `CREATE INDEX refresh_tokens_user_live ON refresh_tokens (user_id) WHERE revoked_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE login_attempts (
        id          bigserial PRIMARY KEY,
        account_key text NOT NULL,
        ip          text NOT NULL,
        success     boolean NOT NULL,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_attempts_account ON login_attempts (account_key, at)`);
    await q.query(`CREATE INDEX login_attempts_ip ON login_attempts (ip, at)`);

    await q.query(`
      CREATE TABLE outbox (
        id                uuid PRIMARY KEY,
        seq               bigserial NOT NULL UNIQUE,
        name              text NOT NULL,
        aggregate_type    text NOT NULL,
        aggregate_id      uuid,
        aggregate_version integer NOT NULL DEFAULT 0,
        occurred_at       timestamptz NOT NULL,
        actor_user_id     uuid,
        actor_role        text NOT NULL,
        correlation_id    text,
        payload           jsonb NOT NULL,
        status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked')),
        attempts          integer NOT NULL DEFAULT 0,
        next_attempt_at   timestamptz NOT NULL DEFAULT now(),
        locked_until      timestamptz,
        last_error        text,
        delivered_at      timestamptz,
        created_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outbox_due ON outbox (next_attempt_at, seq) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX outbox_parked ON outbox (seq) WHERE status = 'parked'`);
    await q.query(`CREATE INDEX outbox_aggregate ON outbox (aggregate_type, aggregate_id, seq)`);

    await q.query(`
      CREATE TABLE inbox (
        handler      text NOT NULL,
        event_id     uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (handler, event_id)
      )`);

    await q.query(`
      CREATE TABLE audit_log (
        id             uuid PRIMARY KEY,
        seq            bigint NOT NULL UNIQUE,
        ts             timestamptz NOT NULL,
        user_id        uuid,
        role           text NOT NULL,
        action         text NOT NULL,
        entity         text NOT NULL,
        entity_id      uuid,
        diff           jsonb,
        correlation_id text,
        event_id       uuid UNIQUE,
        prev_hash      text NOT NULL,
        hash           text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq)`);
    await q.query(`CREATE INDEX audit_log_user ON audit_log (user_id, seq)`);
    await q.query(`CREATE INDEX audit_log_action ON audit_log (action, seq)`);
    await q.query(`CREATE INDEX audit_log_ts ON audit_log (ts)`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        id   integer PRIMARY KEY CHECK (id = 1),
        seq  bigint NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`);
    // The application only appends: updates and deletes are refused by the database itself.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        scope           text NOT NULL,
        key             text NOT NULL,
        request_hash    text NOT NULL,
        response_status integer,
        response_body   jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`);

    await q.query(`
      CREATE TABLE rate_limits (
        bucket       text NOT NULL,
        key          text NOT NULL,
        window_start timestamptz NOT NULL,
        hits         integer NOT NULL,
        PRIMARY KEY (bucket, key, window_start)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limits`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP TABLE inbox`);
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE login_attempts`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE users`);
  }
}
