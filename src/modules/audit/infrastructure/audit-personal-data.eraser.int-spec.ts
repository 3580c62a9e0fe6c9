import { useIntDb } from '../../../../test/support/int-db';
import { uuidv7 } from '../../../shared/domain/uuid';
import { AuditPersonalDataEraser } from './audit-personal-data.eraser';

describe('AuditPersonalDataEraser on the migrated schema', () => {
  const db = useIntDb();
  let seq = 1_000_000;

  const entry = async (hashVersion: 1 | 2, diff: unknown): Promise<string> => {
    const id = uuidv7();
    seq += 1;
    await db().q(
      `INSERT INTO audit_log (id, seq, ts, role, action, entity, diff, prev_hash, hash, hash_version)
       VALUES ($1, $2, now(), 'admin', 'clients.updated', 'client', $3, 'p', 'h', $4)`,
      [id, seq, JSON.stringify(diff), hashVersion],
    );
    return id;
  };
  const subject = (values: string[], scrub?: false) => ({
    destructionId: uuidv7(),
    clientId: null,
    pseudonym: 'Клиент №9',
    values: new Set(values),
    applicationIds: [],
    channelRefs: [],
    ...(scrub === false ? { scrub } : {}),
  });

  it('replaces the values in scheme-2 diffs, marks them redacted and counts the scheme-1 entries it cannot touch', async () => {
    const redactable = await entry(2, { fullName: { from: 'Петров Пётр', to: 'Петров Пётр Ильич' } });
    const untouched = await entry(2, { fullName: { from: 'Иванов', to: 'Сидоров' } });
    const legacy = await entry(1, { fullName: { from: null, to: 'Петров Пётр' } });

    const report = await db().tx(() =>
      new AuditPersonalDataEraser(db().uow).erasePersonalData(subject(['Петров Пётр'])),
    );

    expect(report.counts).toEqual({ auditRedacted: 1, auditUnredactable: 1 });
    expect(report.kept).toEqual(['записи журнала событий до 2026 г. (1), защищённые цепочкой хешей']);
    const rows = await db().q<{ id: string; diff: unknown; redacted: boolean }>(
      `SELECT id, diff, redacted_at IS NOT NULL AS redacted FROM audit_log WHERE id = ANY($1) ORDER BY id`,
      [[redactable, untouched, legacy]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(redactable)).toMatchObject({
      diff: { fullName: { from: 'Клиент №9', to: 'Клиент №9 Ильич' } },
      redacted: true,
    });
    expect(byId.get(untouched)).toMatchObject({ redacted: false });
    expect(byId.get(legacy)).toMatchObject({
      diff: { fullName: { from: null, to: 'Петров Пётр' } },
      redacted: false,
    });
  });

  it('does nothing when the subject asks for no scrubbing', async () => {
    const report = await new AuditPersonalDataEraser(db().uow).erasePersonalData(
      subject(['Петров Пётр'], false),
    );
    expect(report).toEqual({ categories: [], kept: [], counts: { auditRedacted: 0 } });
  });
});
