/** 152-FZ art. 21 part 3.1: first notice to Roskomnadzor within 24 hours, investigation results within 72. */
export const FIRST_NOTICE_HOURS = 24;
export const RESULTS_HOURS = 72;

export interface IncidentFacts {
  description: string;
  detectedAt: Date;
  categories: string[];
  approximateSubjects: number;
}

export function incidentDeadlines(detectedAt: Date): { firstNoticeDue: Date; resultsDue: Date } {
  return {
    firstNoticeDue: new Date(detectedAt.getTime() + FIRST_NOTICE_HOURS * 3600_000),
    resultsDue: new Date(detectedAt.getTime() + RESULTS_HOURS * 3600_000),
  };
}

const moscow = (d: Date) =>
  new Intl.DateTimeFormat('ru-RU', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Moscow',
  }).format(d);

/**
 * The first notice prefilled in Russian in the order of the Roskomnadzor form (уведомление об
 * инциденте): what happened, when it was detected, categories and the approximate number of subjects,
 * and what the operator has done; the agency completes its details and sends it through the portal.
 */
export function incidentNoticeText(f: IncidentFacts, operator: string): string {
  const { firstNoticeDue, resultsDue } = incidentDeadlines(f.detectedAt);
  return [
    `Уведомление о факте неправомерной или случайной передачи (предоставления, распространения, доступа) персональных данных`,
    `Оператор: ${operator}.`,
    `Дата и время выявления инцидента: ${moscow(f.detectedAt)} (мск).`,
    `Описание инцидента и предполагаемые причины: ${f.description}`,
    `Категории персональных данных: ${f.categories.join(', ')}.`,
    `Предполагаемое количество субъектов: около ${f.approximateSubjects}.`,
    `Предполагаемый вред правам субъектов: оценивается.`,
    `Принятые меры по устранению последствий: доступ ограничен, проводится внутреннее расследование.`,
    `Лицо, уполномоченное оператором на взаимодействие с Роскомнадзором: ____________________.`,
    `Срок первичного уведомления: до ${moscow(firstNoticeDue)}; срок уведомления о результатах расследования: до ${moscow(resultsDue)}.`,
  ].join('\n');
}
