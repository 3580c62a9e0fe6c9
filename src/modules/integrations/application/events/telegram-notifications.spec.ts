import { applicationNotice, serviceNotice } from './telegram-notifications.subscriber';

describe('serviceNotice', () => {
  const notice = {
    serviceId: '0193a7c2-0000-7000-8000-0000000000e1',
    orderId: '0193a7c2-0000-7000-8000-0000000000e2',
    number: '2026-000042',
    managerId: null,
    type: 'flight',
    supplier: 'Аэрофлот',
    startAt: '01.06.2027 10:00',
    endAt: '01.06.2027 14:00',
    location: { city: 'Москва', iata: 'SVO' },
    destination: { city: 'Париж', iata: 'CDG' },
    bookingRef: 'ABC123',
    travellers: 2,
  };

  it('shows booking details without personal data and offers Confirm / Reject for the service', () => {
    const m = serviceNotice(notice, false);
    expect(m.text).toBe(
      'Новая услуга по заказу 2026-000042: перелёт\nМосква, SVO → Париж, CDG\n01.06.2027 10:00 — 01.06.2027 14:00\nПутешественников: 2\nБронь: ABC123',
    );
    expect(m.buttons).toEqual([
      [
        { text: 'Подтвердить', data: `confirm:${notice.serviceId}` },
        { text: 'Отклонить', data: `reject:${notice.serviceId}` },
      ],
    ]);
    // callback data must fit Telegram's 64 bytes
    for (const b of m.buttons!.flat()) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
  });

  it('says "changed" for an updated service and leaves out what is missing', () => {
    const m = serviceNotice({ ...notice, destination: null, bookingRef: null, location: null }, true);
    expect(m.text.split('\n')[0]).toBe('Изменена услуга по заказу 2026-000042: перелёт');
    expect(m.text).not.toContain('Бронь');
  });
});

describe('applicationNotice', () => {
  it('names the number, the channel, the contact and the first non-empty line when an application arrives', () => {
    const text = applicationNotice({
      number: 'З-2026-000123',
      source: 'whatsapp',
      contactName: 'Ольга Петрова',
      text: '\nХотим в Стамбул на майские\nдвое взрослых',
    });
    expect(text).toBe(
      'Новая заявка З-2026-000123 (WhatsApp)\nКонтакт: Ольга Петрова\n«Хотим в Стамбул на майские»',
    );
  });

  it('says so when the contact has no name and the text is empty, and cuts a long first line', () => {
    expect(
      applicationNotice({ number: 'З-2026-000001', source: 'email', contactName: null, text: null }),
    ).toBe('Новая заявка З-2026-000001 (e-mail)\nКонтакт: без имени');
    const long = applicationNotice({
      number: 'З-2026-000002',
      source: 'telegram',
      contactName: 'А',
      text: 'я'.repeat(300),
    });
    expect(long.split('\n')[2]).toHaveLength(202);
  });
});
