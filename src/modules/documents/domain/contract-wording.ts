import { getGender, incline } from 'lvovich';
import type { AgencyDetails } from './document-data';

export const LEGAL_FORMS = ['organization', 'sole_proprietor'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

type Gender = 'male' | 'female' | null;

/** An organisation has a 10-digit INN; a sole proprietor (ИП) a 12-digit one. */
export function legalFormOf(agency: Pick<AgencyDetails, 'inn' | 'legalForm'>): LegalForm {
  return agency.legalForm ?? (agency.inn.length === 12 ? 'sole_proprietor' : 'organization');
}

function nameParts(fullName: string): { last: string; first: string; middle: string } | null {
  const parts = fullName.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => /^[А-ЯЁ][а-яё-]+$/.test(p))) return null;
  return { last: parts[0], first: parts[1], middle: parts[2] ?? '' };
}

/** The gender a Russian full name (Фамилия Имя Отчество) shows, or null when it does not tell. */
export function genderOf(fullName: string): Gender {
  const p = nameParts(fullName);
  if (!p) return null;
  const g = getGender(p);
  return g === 'male' || g === 'female' ? g : null;
}

/** `Смирнова Анна Сергеевна` → `Смирновой Анны Сергеевны`; a name it cannot read is left as is. */
export function genitiveName(fullName: string): string {
  const p = nameParts(fullName);
  if (!p) return fullName;
  const g = incline(p, 'genitive');
  return [g.last, g.first, g.middle].filter(Boolean).join(' ');
}

const ADJECTIVE_GENITIVE: Array<[RegExp, string]> = [
  [/ый$/, 'ого'],
  [/ий$/, 'его'],
  [/ой$/, 'ого'],
];

/** `Генеральный директор` → `генерального директора` (adjectives + one noun; otherwise unchanged). */
export function genitivePosition(position: string): string {
  const words = position.trim().split(/\s+/);
  const out = words.map((w, i) => {
    const lower = i === 0 ? w.toLowerCase() : w;
    for (const [re, to] of ADJECTIVE_GENITIVE) if (re.test(lower)) return lower.replace(re, to);
    if (i === words.length - 1 && /[бвгджзклмнпрстфхцчшщ]$/.test(lower)) return `${lower}а`;
    return lower;
  });
  return out.join(' ');
}

const byGender = (g: Gender, male: string, female: string, unknown: string) =>
  g === 'male' ? male : g === 'female' ? female : unknown;

/**
 * The agency's party clause of a contract: `ООО «…» (ИНН …, ОГРН …), именуемое в дальнейшем
 * «Турагент», в лице генерального директора Смирновой Анны Сергеевны, действующей на основании
 * Устава` — or, for a sole proprietor, `Индивидуальный предприниматель Иванов Иван Иванович
 * (ИНН …, ОГРНИП …), именуемый в дальнейшем «Турагент», действующий на основании …`.
 */
export function agencyPartyClause(a: AgencyDetails): string {
  if (legalFormOf(a) === 'sole_proprietor') {
    const g = genderOf(a.signatoryName);
    const basis = a.signatoryBasis?.trim() || `записи в ЕГРИП (ОГРНИП ${a.ogrn})`;
    return (
      `${a.legalName} (ИНН ${a.inn}, ОГРНИП ${a.ogrn}), ` +
      `${byGender(g, 'именуемый', 'именуемая', 'именуемый(ая)')} в дальнейшем «Турагент», ` +
      `${byGender(g, 'действующий', 'действующая', 'действующий(ая)')} на основании ${basis}`
    );
  }
  const g = genderOf(a.signatoryName);
  const position = a.signatoryPositionGenitive?.trim() || genitivePosition(a.signatoryPosition);
  const name = a.signatoryNameGenitive?.trim() || genitiveName(a.signatoryName);
  const basis = a.signatoryBasis?.trim() || 'Устава';
  return (
    `${a.legalName} (ИНН ${a.inn}, ОГРН ${a.ogrn}), именуемое в дальнейшем «Турагент», ` +
    `в лице ${position} ${name}, ` +
    `${byGender(g, 'действующего', 'действующей', 'действующего(ей)')} на основании ${basis}`
  );
}

/** `именуемый` / `именуемая` for the customer, by the name. */
export function customerReferredAs(fullName: string): string {
  return byGender(genderOf(fullName), 'именуемый', 'именуемая', 'именуемый(ая)');
}
