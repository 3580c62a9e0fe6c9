import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version each read model (projection) was last built with. The code declares the version of
 * its rendering; on start, a projection stored with no or an older version is rebuilt from the
 * outbox history (see the timeline's TimelineRebuildOnStart) and its row updated in the same
 * transaction.
 */
export class ProjectionVersions1764190600001 implements MigrationInterface {
  name = 'ProjectionVersions1764190600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_versions (
        name     text PRIMARY KEY,
        version  integer NOT NULL,
        built_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_versions`);
  }
}
