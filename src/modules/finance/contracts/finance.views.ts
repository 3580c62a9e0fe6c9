/** Finance's read views, as other modules receive them from its queries. */
export type { PaymentView } from '../application/payment.view';
