import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Templates get a fifth type: the agent report (отчёт агента), which is not an order document. */
export class AgentReportTemplate1763840000100 implements MigrationInterface {
  name = 'AgentReportTemplate1763840000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document_templates DROP CONSTRAINT document_templates_type_check`);
    await q.query(
      `ALTER TABLE document_templates ADD CONSTRAINT document_templates_type_check
         CHECK (type IN ('contract', 'invoice', 'act', 'proposal', 'agent_report'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM document_templates WHERE type = 'agent_report'`);
    await q.query(`ALTER TABLE document_templates DROP CONSTRAINT document_templates_type_check`);
    await q.query(
      `ALTER TABLE document_templates ADD CONSTRAINT document_templates_type_check
         CHECK (type IN ('contract', 'invoice', 'act', 'proposal'))`,
    );
  }
}
