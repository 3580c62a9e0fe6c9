import { incidentDeadlines, incidentNoticeText } from './incident';

describe('incident', () => {
  const facts = {
    description: 'Сотрудник отправил выгрузку клиентов на чужой адрес электронной почты.',
    detectedAt: new Date('2026-12-01T09:30:00Z'),
    categories: ['фамилия, имя, отчество', 'номера телефонов'],
    approximateSubjects: 120,
  };

  it('puts the first notice 24 hours and the results 72 hours after detection', () => {
    const d = incidentDeadlines(facts.detectedAt);
    expect(d.firstNoticeDue.toISOString()).toBe('2026-12-02T09:30:00.000Z');
    expect(d.resultsDue.toISOString()).toBe('2026-12-04T09:30:00.000Z');
  });

  it('prefills the Russian notice with the facts and Moscow times when an incident is registered', () => {
    const text = incidentNoticeText(facts, 'ООО «Пример Тур», ИНН 7707083893');
    expect(text).toContain('Оператор: ООО «Пример Тур», ИНН 7707083893.');
    expect(text).toContain('01.12.2026, 12:30 (мск)');
    expect(text).toContain('номера телефонов');
    expect(text).toContain('около 120');
    expect(text).toContain('до 02.12.2026, 12:30');
    expect(text).toContain('до 04.12.2026, 12:30');
  });
});
