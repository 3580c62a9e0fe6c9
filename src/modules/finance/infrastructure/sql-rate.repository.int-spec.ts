import { useIntDb } from '../../../../test/support/int-db';
import { insertUser } from '../../../../test/support/int-fixtures';
import { SqlRateRepository } from './sql-rate.repository';

describe('SqlRateRepository on the migrated schema', () => {
  const db = useIntDb();
  const repo = () => new SqlRateRepository(db().uow);
  let by: string;

  beforeAll(async () => {
    by = await insertUser(db(), 'admin');
  });

  it('finds the latest rate on or before a day, with its date and source', async () => {
    await db().tx(async () => {
      await repo().saveManual('USD', '2026-11-10', '90.50000000', by);
      expect(await repo().importCbr('2026-11-12', [{ currency: 'USD', rate: '91.2500' }], null)).toEqual([
        'USD',
      ]);
    });
    expect(await repo().latestOnOrBefore('USD', '2026-11-09')).toBeNull();
    expect(await repo().latestOnOrBefore('USD', '2026-11-11')).toEqual({
      rate: '90.50000000',
      date: '2026-11-10',
      source: 'manual',
    });
    expect(await repo().latestOnOrBefore('USD', '2026-11-30')).toEqual({
      rate: '91.25000000',
      date: '2026-11-12',
      source: 'cbr',
    });
    expect(await repo().latestOnOrBefore('CNY', '2026-11-30')).toBeNull();
  });

  it('locks the day’s rate, and a hand-entered rate replaces a CBR one', async () => {
    await db().tx(async () => {
      expect(await repo().lockRate('EUR', '2026-11-20')).toBeNull();
      await repo().importCbr('2026-11-20', [{ currency: 'EUR', rate: '100.1' }], null);
      expect(await repo().lockRate('EUR', '2026-11-20')).toBe('100.10000000');
      await repo().saveManual('EUR', '2026-11-20', '101.00000000', by);
    });
    const row = await db().one<{ rate: string; source: string; created_by: string }>(
      `SELECT rate::text, source, created_by FROM rates WHERE currency = 'EUR' AND date = '2026-11-20'`,
    );
    expect(row).toEqual({ rate: '101.00000000', source: 'manual', created_by: by });
  });

  it('imports CBR rates without overwriting a manual one or rewriting an unchanged one, and names the manual ones', async () => {
    const day = '2026-11-25';
    await repo().saveManual('GBP', day, '120.00000000', by);
    const first = await repo().importCbr(
      day,
      [
        { currency: 'GBP', rate: '118.5' },
        { currency: 'TRY', rate: '2.6' },
        { currency: 'AED', rate: '24.9' },
      ],
      by,
    );
    expect(first.sort()).toEqual(['AED', 'TRY']);
    // the same file again changes nothing; a changed rate is rewritten
    expect(
      await repo().importCbr(
        day,
        [
          { currency: 'TRY', rate: '2.6' },
          { currency: 'AED', rate: '25' },
        ],
        by,
      ),
    ).toEqual(['AED']);
    expect((await repo().latestOnOrBefore('GBP', day))?.rate).toBe('120.00000000');
    expect(await repo().manualOn(day, ['TRY', 'GBP', 'AED'])).toEqual(['GBP']);
    expect(await repo().manualOn(day, ['TRY'])).toEqual([]);
  });
});
