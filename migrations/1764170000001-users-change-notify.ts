import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change of a user row notifies `users_changed` with the user's id (on TRUNCATE: `*`), when
 * its transaction commits. Each replica LISTENs and drops the user from its in-process access cache,
 * so a disabled user or a new role takes effect everywhere within a second, whatever wrote the row.
 */
export class UsersChangeNotify1764170000001 implements MigrationInterface {
  name = 'UsersChangeNotify1764170000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION users_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('users_changed', '*');
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('users_changed', OLD.id::text);
        ELSE
          PERFORM pg_notify('users_changed', NEW.id::text);
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER users_notify_change AFTER INSERT OR UPDATE OR DELETE ON users
                   FOR EACH ROW EXECUTE FUNCTION users_notify_change()`);
    await q.query(`CREATE TRIGGER users_notify_truncate AFTER TRUNCATE ON users
                   FOR EACH STATEMENT EXECUTE FUNCTION users_notify_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_notify_truncate ON users`);
    await q.query(`DROP TRIGGER users_notify_change ON users`);
    await q.query(`DROP FUNCTION users_notify_change()`);
  }
}
