/** Label/value rows of one section of the subject access report (rendered by the documents module). */
export interface ExportSection {
  title: string;
  rows: Array<{ label: string; value: string }>;
}

type Rec = Record<string, unknown>;

const s = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map(s).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

const PASSPORT_KIND: Record<string, string> = { internal: 'паспорт РФ', foreign: 'заграничный паспорт' };

/** The Russian sections of the export: what is held, why, since when, and who read it. */
export function exportSections(x: {
  profile: Rec;
  consents: Rec[];
  applications: Rec[];
  orders: Rec[];
  payments: Rec[];
  documents: Rec[];
  files: Rec[];
  reads: Rec[];
  destroyed: Rec | null;
}): ExportSection[] {
  const p = x.profile;
  const passports = (Array.isArray(p.passports) ? p.passports : []) as Rec[];
  const sections: ExportSection[] = [
    {
      title: 'Профиль',
      rows: [
        { label: 'ФИО', value: s(p.fullName) },
        { label: 'Имя латиницей', value: s(p.latinName) },
        { label: 'Дата рождения', value: s(p.birthDate) },
        { label: 'Телефоны', value: s(p.phones) },
        { label: 'Электронная почта', value: s(p.emails) },
        { label: 'Telegram', value: s(p.telegram) },
        { label: 'WhatsApp', value: s(p.whatsapp) },
        { label: 'Заметки', value: s(p.notes) },
        { label: 'В системе с', value: s(p.createdAt) },
      ],
    },
    {
      title: 'Паспорта',
      rows: passports.map((d) => ({
        label: PASSPORT_KIND[String(d.kind)] ?? s(d.kind),
        value: `${s(d.series)} ${s(d.number)}, выдан ${s(d.issuedAt)} ${s(d.issuedBy)}, действует до ${s(d.expiresAt)}`,
      })),
    },
    {
      title: 'Согласия на обработку',
      rows: x.consents.map((c) => ({
        label: `${s(c.purpose)}, редакция ${s(c.textVersion)}`,
        value: `дано ${s(c.givenAt)} (${s(c.channel)})${c.withdrawnAt ? `, отозвано ${s(c.withdrawnAt)}` : ''}`,
      })),
    },
    {
      title: 'Заявки',
      rows: x.applications.map((a) => ({
        label: `${s(a.createdAt)} (${s(a.source)})`,
        value: `${s(a.text)}; контакт: ${s(a.contact)}`,
      })),
    },
    {
      title: 'Заказы и услуги',
      rows: x.orders.map((o) => ({
        label: `Заказ ${s(o.number)} (${s(o.status)})`,
        value: `сумма ${s(o.totalAmount)} ${s(o.currency)}; услуги: ${((o.services ?? []) as Rec[])
          .map((v) => `${s(v.type)} ${s(v.startAt)} ${s(v.supplier)}`)
          .join('; ')}`,
      })),
    },
    {
      title: 'Платежи',
      rows: x.payments.map((v) => ({
        label: `${s(v.paidAt)} (${s(v.type)})`,
        value: `${s(v.amount)} ${s(v.currency)}`,
      })),
    },
    {
      title: 'Документы',
      rows: x.documents.map((d) => ({ label: s(d.number), value: `${s(d.type)}, от ${s(d.issuedAt)}` })),
    },
    {
      title: 'Файлы',
      rows: x.files.map((f) => ({
        label: s(f.fileName),
        value: `${s(f.contentType)}, ${s(f.size)} байт, ${s(f.uploadedAt)}`,
      })),
    },
    {
      title: 'Кто знакомился с полными данными',
      rows: x.reads.map((r) => ({
        label: s(r.at),
        value: `${s(r.userName)} (${s(r.role)}), ${s(r.via)}: ${s(r.fields)}`,
      })),
    },
  ];
  if (x.destroyed) {
    sections.unshift({
      title: 'Уничтожение',
      rows: [
        {
          label: 'Данные уничтожены',
          value: `${s(x.destroyed.performedAt)}, псевдоним ${s(x.destroyed.pseudonym)}`,
        },
      ],
    });
  }
  return sections;
}
