import { exportSections } from './export-report';

describe('exportSections', () => {
  const base = {
    profile: {
      fullName: 'Иванов Иван',
      phones: ['+79161234567'],
      passports: [{ kind: 'foreign', series: '75', number: '1234567' }],
    },
    consents: [
      { purpose: 'intake', textVersion: '1', givenAt: '2026-11-01', channel: 'web', withdrawnAt: null },
    ],
    applications: [],
    orders: [
      {
        number: '2026-000001',
        status: 'confirmed',
        totalAmount: '1000.00',
        currency: 'RUB',
        services: [{ type: 'hotel', startAt: 'x', supplier: 'Louvre' }],
      },
    ],
    payments: [{ paidAt: '2026-11-02', type: 'payment', amount: '500.00', currency: 'RUB' }],
    documents: [],
    files: [],
    reads: [
      { at: '2026-11-03', userName: 'Петрова', role: 'operator', via: 'getClient', fields: ['passports'] },
    ],
    destroyed: null,
  };

  it('names every held category in Russian when the client has data in each', () => {
    const sections = exportSections(base);
    expect(sections.map((x) => x.title)).toEqual([
      'Профиль',
      'Паспорта',
      'Согласия на обработку',
      'Заявки',
      'Заказы и услуги',
      'Платежи',
      'Документы',
      'Файлы',
      'Кто знакомился с полными данными',
    ]);
    const text = JSON.stringify(sections);
    expect(text).toContain('заграничный паспорт');
    expect(text).toContain('75 1234567');
    expect(text).toContain('Петрова (operator), getClient: passports');
    expect(text).toContain('hotel x Louvre');
  });

  it('puts the destruction first when the data was destroyed', () => {
    const sections = exportSections({
      ...base,
      destroyed: { pseudonym: 'Клиент №3', performedAt: '2026-12-01' },
    });
    expect(sections[0]).toEqual({
      title: 'Уничтожение',
      rows: [{ label: 'Данные уничтожены', value: '2026-12-01, псевдоним Клиент №3' }],
    });
  });
});
