import type { CrmClient } from '../../client';
import { hotel, newClient } from './orders';

/**
 * An order in RUB with services adding up to `total` (one RUB service, or a RUB service plus a
 * 400 EUR hotel at 98.50 when `withEuroHotel`), confirmed unless `status` says otherwise.
 */
export async function orderWithTotal(
  as: CrmClient,
  opts: {
    total?: string;
    withEuroHotel?: boolean;
    deadline?: string | null;
    clientId?: string;
    payerName?: string;
    supplier?: string;
    startAt?: string;
  } = {},
): Promise<{ id: string; number: string; clientId: string; totalAmount: string }> {
  const clientId = opts.clientId ?? (await newClient(as, opts.payerName ?? 'Кузнецов Олег Иванович'));
  const o = await as.POST('/api/v1/orders', {
    body: {
      clientId,
      currency: 'RUB',
      deadline: opts.deadline === undefined ? '2027-05-15T18:00:00+03:00' : opts.deadline,
    },
  });
  if (o.response.status !== 201) throw new Error(`order create failed: ${JSON.stringify(o.error)}`);
  const id = o.data!.id;
  const startAt = opts.startAt ?? '2027-06-10T10:00:00+03:00';
  const end = new Date(new Date(startAt).getTime() + 3600_000).toISOString();
  const s = await as.POST('/api/v1/orders/{id}/services', {
    params: { path: { id } },
    body: {
      type: 'excursion',
      startAt,
      endAt: end,
      location: { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow' },
      supplier: opts.supplier ?? 'Экскурсии Плюс',
      price: opts.total ?? '10000.00',
      currency: 'RUB',
      commission: { percent: '10' },
    } as never,
  });
  if (s.response.status !== 201) throw new Error(`service add failed: ${JSON.stringify(s.error)}`);
  if (opts.withEuroHotel) {
    const h = await as.POST('/api/v1/orders/{id}/services', {
      params: { path: { id } },
      body: hotel({ startAt: '2027-06-11T15:00:00+02:00', endAt: '2027-06-14T12:00:00+02:00' }) as never,
    });
    if (h.response.status !== 201) throw new Error(`hotel add failed: ${JSON.stringify(h.error)}`);
  }
  const got = await as.GET('/api/v1/orders/{id}', { params: { path: { id } } });
  return { id, number: got.data!.number, clientId, totalAmount: got.data!.totalAmount };
}

export function pay(as: CrmClient, orderId: string, body: Record<string, unknown>, key?: string) {
  return as.POST('/api/v1/orders/{id}/payments', {
    params: { path: { id: orderId } },
    body: {
      type: 'payment',
      currency: 'RUB',
      paidAt: '2027-05-01T12:00:00+03:00',
      method: 'bank_transfer',
      ...body,
    } as never,
    headers: key ? { 'Idempotency-Key': key } : undefined,
  });
}
