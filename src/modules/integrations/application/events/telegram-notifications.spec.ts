import { applicationNotice, serviceNotice, statusNotice } from './telegram-notifications.subscriber';

describe('serviceNotice', () => {
  const notice = {
    serviceId: '0193a7c2-0000-7000-8000-0000000000e1',
    orderId: '0193a7c2-0000-7000-8000-0000000000e2',
    number: '2026-000042',
    managerId: null,
    type: 'flight',
    supplier: 'Аэрофлот',
    startAt: '2027-06-01T10:00:00+03:00',
    endAt: '2027-06-01T14:00:00+02:00',
    location: { city: 'Москва', iata: 'SVO', timeZone: 'Europe/Moscow' },
    destination: { city: 'Париж', iata: 'CDG', timeZone: 'Europe/Paris' },
    bookingRef: 'ABC123',
    travellers: 2,
  };

  it('shows booking details without personal data and offers Confirm / Reject for the service', () => {
    const m = serviceNotice(notice, false);
    expect(m.text).toBe(
      'Новая услуга по заказу 2026-000042: авиаперелёт\nМосква, SVO → Париж, CDG\n01.06.2027 10:00 — 01.06.2027 14:00 (Париж)\nПутешественников: 2\nБронь: ABC123',
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
    expect(m.text.split('\n')[0]).toBe('Изменена услуга по заказу 2026-000042: авиаперелёт');
    expect(m.text).not.toContain('Бронь');
  });

  it("prints a stay in the hotel's own time, labelled with the city, and a Moscow time without a label", () => {
    const stay = serviceNotice(
      {
        ...notice,
        type: 'hotel',
        startAt: '2027-06-01T15:00:00+02:00',
        endAt: '2027-06-05T12:00:00+02:00',
        location: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris' },
        destination: null,
      },
      false,
    );
    expect(stay.text.split('\n').slice(0, 3)).toEqual([
      'Новая услуга по заказу 2026-000042: проживание',
      'Париж, FR',
      '01.06.2027 15:00 (Париж) — 05.06.2027 12:00 (Париж)',
    ]);
    const local = serviceNotice(
      {
        ...notice,
        type: 'transfer',
        startAt: '2027-06-01T08:00:00+03:00',
        endAt: '2027-06-01T09:00:00+03:00',
        destination: { city: 'Москва', iata: 'SVO', timeZone: 'Europe/Moscow' },
      },
      false,
    );
    expect(local.text.split('\n')[2]).toBe('01.06.2027 08:00 — 01.06.2027 09:00');
    expect(stay.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});

describe('statusNotice', () => {
  it('names the statuses in Russian words, not codes', () => {
    expect(statusNotice('2027-000001', 'draft', 'confirmed')).toBe(
      'Заказ 2027-000001: статус «Черновик» → «Подтверждён»',
    );
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
