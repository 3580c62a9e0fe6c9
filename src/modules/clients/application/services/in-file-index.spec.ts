import { uuidv7 } from '../../../../shared/domain/uuid';
import type { ClientIdentifier } from '../../domain/client';
import { InFileIndex } from './in-file-index';

const phone = (value: string): ClientIdentifier => ({ kind: 'phone', value, field: 'phones[0]' });
const email = (value: string): ClientIdentifier => ({ kind: 'email', value, field: 'emails[0]' });

describe('InFileIndex', () => {
  it('finds the first identifier seen earlier and gives back its row and client id exactly', () => {
    const index = new InFileIndex();
    const id = uuidv7();
    const t = index.add({ row: 2, clientId: id });
    index.remember([email('a@example.ru'), phone('+79990000001')], t);
    expect(index.find([email('b@example.ru')])).toBeNull();
    // the same value under another kind is another identifier
    expect(index.find([email('+79990000001')])).toBeNull();
    expect(index.find([email('b@example.ru'), phone('+79990000001')])).toEqual({ target: t, field: 'phone' });
    expect(index.target(t)).toEqual({ row: 2, clientId: id });
  });

  it('re-points a target to a client already in the database; a dry run has no client ids', () => {
    const index = new InFileIndex();
    const t = index.add({ row: 5, clientId: uuidv7() });
    const existing = '0192f0c1-7b3a-7c00-8abc-0123456789ab';
    index.set(t, { row: null, clientId: existing });
    expect(index.target(t)).toEqual({ row: null, clientId: existing });
    const dry = index.add({ row: 6, clientId: null });
    expect(index.target(dry)).toEqual({ row: 6, clientId: null });
    expect(() => index.add({ row: 0, clientId: null })).toThrow(RangeError);
    expect(() => index.add({ row: 7, clientId: 'not-a-uuid' })).toThrow(RangeError);
  });

  it('keeps every target when it grows past its initial capacity', () => {
    const index = new InFileIndex();
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    ids.forEach((id, n) =>
      index.remember([phone(`+7999${String(n).padStart(7, '0')}`)], index.add({ row: n + 1, clientId: id })),
    );
    expect(index.targets).toBe(5000);
    for (const n of [0, 1023, 1024, 4999]) {
      const found = index.find([phone(`+7999${String(n).padStart(7, '0')}`)]);
      expect(found && index.target(found.target)).toEqual({ row: n + 1, clientId: ids[n] });
    }
  });
});
