import { unnotifiedTransfers } from './cross-border';

describe('unnotifiedTransfers', () => {
  const countries = [
    { code: 'DE', adequate: true },
    { code: 'TR', adequate: false },
  ];
  const svc = (serviceId: string, supplierCountry: string | null, supplier: string | null = 'Anex Tour') => ({
    serviceId,
    supplier,
    supplierCountry,
  });

  it.each([
    ['a supplier at home', svc('a', 'RU'), []],
    ['no supplier country', svc('a', null), []],
    ['an adequate country', svc('a', 'DE'), []],
    ['a non-adequate country, nothing notified', svc('a', 'TR'), ['a']],
    ['a country missing from the list', svc('a', 'AE'), ['a']],
    ['lower-case country code', svc('a', 'tr'), ['a']],
  ])('%s', (_name, service, expected) => {
    const w = unnotifiedTransfers([service], countries, [], 'RU');
    expect(w.map((x) => x.serviceId)).toEqual(expected);
  });

  it('a notified transfer to that country and recipient (case and spaces ignored) clears the warning', () => {
    const transfers = [{ country: 'TR', recipient: '  anex   TOUR ', notifiedOn: '2026-11-01' }];
    expect(unnotifiedTransfers([svc('a', 'TR')], countries, transfers, 'RU')).toEqual([]);
  });

  it('a transfer without a notification date, or to another recipient or country, does not', () => {
    const transfers = [
      { country: 'TR', recipient: 'Anex Tour', notifiedOn: null },
      { country: 'TR', recipient: 'Pegas', notifiedOn: '2026-11-01' },
      { country: 'EG', recipient: 'Anex Tour', notifiedOn: '2026-11-01' },
    ];
    const [w] = unnotifiedTransfers([svc('a', 'TR')], countries, transfers, 'RU');
    expect(w).toMatchObject({ serviceId: 'a', country: 'TR', recipient: 'Anex Tour' });
    expect(w.message).toContain('Роскомнадзор');
  });

  it('an unnamed supplier is covered by any notified transfer to its country', () => {
    const transfers = [{ country: 'TR', recipient: 'Pegas', notifiedOn: '2026-11-01' }];
    expect(unnotifiedTransfers([svc('a', 'TR', null)], countries, transfers, 'RU')).toEqual([]);
    expect(unnotifiedTransfers([svc('a', 'TR', ' ')], countries, [], 'RU')[0].recipient).toBeNull();
  });
});
