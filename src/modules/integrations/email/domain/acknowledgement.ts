import { MAX_SUBJECT } from './inbound-email';

/** The text of the automatic answer to a new e-mail request (Russian; the number, never an id). */
export function acknowledgement(a: { number: string | null; subject: string | null }): {
  subject: string;
  body: string;
} {
  const numbered = a.number ? `№ ${a.number} ` : '';
  const about = a.subject ? ` «${a.subject.slice(0, MAX_SUBJECT)}»` : '';
  return {
    subject: `Заявка ${numbered}принята${a.subject ? `: ${a.subject.slice(0, MAX_SUBJECT)}` : ''}`.replace(
      /\s+/g,
      ' ',
    ),
    body: [
      'Здравствуйте!',
      '',
      `Мы получили вашу заявку ${numbered}${about ? `по письму${about}` : ''}`.trim().replace(/\s+/g, ' ') +
        '. Менеджер свяжется с вами в ближайшее рабочее время.',
      'Чтобы дополнить заявку, просто ответьте на это письмо.',
      '',
      'Это письмо отправлено автоматически.',
    ].join('\n'),
  };
}
