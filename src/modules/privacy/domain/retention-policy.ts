/**
 * Legal bases that keep personal data after consent is withdrawn (152-FZ art. 6 part 1 items 2–5,
 * art. 9 part 2): a contract in force with the person, and the accounting duty to keep primary
 * documents for five years (402-FZ art. 29).
 */
export type KeepingBasis = 'contract' | 'accounting';

export const BASIS_TEXT: Readonly<Record<KeepingBasis, string>> = {
  contract: 'договор с субъектом исполняется (п. 5 ч. 1 ст. 6 Федерального закона № 152-ФЗ)',
  accounting: 'бухгалтерский учёт: хранение первичных документов 5 лет (ст. 29 Федерального закона № 402-ФЗ)',
};

export interface SubjectDealings {
  /** Order statuses of the person's orders. */
  orderStatuses: string[];
  /** Payments (not cancelled) recorded on those orders. */
  payments: number;
}

const OPEN = new Set(['draft', 'confirmed', 'in_progress']);

export function keepingBases(d: SubjectDealings): KeepingBasis[] {
  const bases: KeepingBasis[] = [];
  if (d.orderStatuses.some((s) => OPEN.has(s))) bases.push('contract');
  if (d.payments > 0 || d.orderStatuses.includes('completed')) bases.push('accounting');
  return bases;
}

/**
 * When a withdrawn consent's data must be destroyed: `days` after the withdrawal (152-FZ art. 21
 * part 5: 30 days), unless a basis keeps it — then no deadline, and the response names the bases.
 */
export function destructionDeadline(withdrawnAt: Date, days: number, bases: KeepingBasis[]): Date | null {
  if (bases.length > 0) return null;
  return new Date(withdrawnAt.getTime() + days * 86_400_000);
}
