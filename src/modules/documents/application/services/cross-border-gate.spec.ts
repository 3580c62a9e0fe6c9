import type { Actor } from '../../../../shared/domain/actor';
import { DomainError } from '../../../../shared/domain/domain-error';
import type { OrderWarnings, TransferWarning } from '../ports/order-warnings.port';
import { CrossBorderGate } from './cross-border-gate';

/** The port answers from a list (the orders side is covered over HTTP in privacy-cross-border.e2e-spec). */
class ListedWarnings implements OrderWarnings {
  constructor(private readonly found: TransferWarning[]) {}
  unnotifiedTransfers(): Promise<TransferWarning[]> {
    return Promise.resolve(this.found);
  }
}

const actor = (role: Actor['role']): Actor => ({
  userId: '01890000-0000-7000-8000-000000000001',
  role,
  correlationId: null,
});
const warning = { serviceIds: ['s1', 's2'], message: 'поставщик в TR' };

describe('CrossBorderGate', () => {
  it('lets a document through when nothing is unnotified, force or not', async () => {
    const gate = new CrossBorderGate(new ListedWarnings([]));
    await expect(gate.check('o1', 'generate', 'invoice', null, false, actor('operator'))).resolves.toBeNull();
    await expect(gate.check('o1', 'finalize', 'invoice', 'd1', true, actor('operator'))).resolves.toBeNull();
  });

  it('refuses without force with PRIVACY.TRANSFER_NOT_NOTIFIED naming the services', async () => {
    const gate = new CrossBorderGate(new ListedWarnings([warning]));
    const err = await gate
      .check('o1', 'generate', 'invoice', null, false, actor('admin'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'PRIVACY.TRANSFER_NOT_NOTIFIED', details: { transfers: [warning] } });
  });

  it('lets force through only with orders.force, and returns the audit event per service', async () => {
    const gate = new CrossBorderGate(new ListedWarnings([warning]));
    await expect(gate.check('o1', 'finalize', 'act', 'd1', true, actor('operator'))).rejects.toMatchObject({
      code: 'COMMON.FORBIDDEN',
    });
    const event = await gate.check('o1', 'finalize', 'act', 'd1', true, actor('supervisor'));
    expect(event).toMatchObject({
      name: 'documents.cross-border-forced',
      aggregateId: 'd1',
      payload: {
        orderId: 'o1',
        action: 'finalize',
        type: 'act',
        transfers: [
          { serviceId: 's1', message: 'поставщик в TR' },
          { serviceId: 's2', message: 'поставщик в TR' },
        ],
      },
    });
    const generated = await gate.check('o1', 'generate', 'invoice', null, true, actor('admin'));
    expect(generated!.aggregateId).toBeNull();
    expect(generated!.forDocument('d9')).toMatchObject({ aggregateId: 'd9', payload: generated!.payload });
  });
});
