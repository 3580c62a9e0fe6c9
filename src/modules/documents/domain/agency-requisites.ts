import type { FieldError } from '../../../shared/domain/domain-error';
import type { AgencyDetails } from './document-data';

const digits = (s: string) => [...s].map(Number);

function weighted(d: number[], weights: number[]): number {
  return weights.reduce((sum, w, i) => sum + w * d[i], 0);
}

/** INN of an organisation (10 digits) or of a person / sole proprietor (12), check digits included. */
export function isValidInn(inn: string): boolean {
  if (/^\d{10}$/.test(inn)) {
    const d = digits(inn);
    return (weighted(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10 === d[9];
  }
  if (/^\d{12}$/.test(inn)) {
    const d = digits(inn);
    const c11 = (weighted(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10;
    const c12 = (weighted(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10;
    return c11 === d[10] && c12 === d[11];
  }
  return false;
}

/** KPP: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits. */
export function isValidKpp(kpp: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp);
}

/** OGRN (13 digits) or OGRNIP (15), with the check digit. */
export function isValidOgrn(ogrn: string): boolean {
  if (/^\d{13}$/.test(ogrn)) return Number((BigInt(ogrn.slice(0, 12)) % 11n) % 10n) === Number(ogrn[12]);
  if (/^\d{15}$/.test(ogrn)) return Number((BigInt(ogrn.slice(0, 14)) % 13n) % 10n) === Number(ogrn[14]);
  return false;
}

/** BIK of a Russian bank: 9 digits starting with 04. */
export function isValidBik(bik: string): boolean {
  return /^04\d{7}$/.test(bik);
}

const ACCOUNT_WEIGHTS = [7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1, 3, 7, 1];

function accountKeyOk(prefix3: string, account: string): boolean {
  const d = digits(prefix3 + account);
  return weighted(d, ACCOUNT_WEIGHTS) % 10 === 0;
}

/** Settlement account (20 digits) keyed against the bank's BIK (its last three digits). */
export function isValidAccount(account: string, bik: string): boolean {
  return /^\d{20}$/.test(account) && isValidBik(bik) && accountKeyOk(bik.slice(-3), account);
}

/** Correspondent account (20 digits, 301…) keyed against `0` + the BIK's digits 5–6. */
export function isValidCorrAccount(corr: string, bik: string): boolean {
  return /^301\d{17}$/.test(corr) && isValidBik(bik) && accountKeyOk(`0${bik.slice(4, 6)}`, corr);
}

export const AGENCY_FIELDS: readonly (keyof AgencyDetails)[] = [
  'legalName',
  'shortName',
  'inn',
  'kpp',
  'ogrn',
  'address',
  'phone',
  'email',
  'bankName',
  'bik',
  'account',
  'corrAccount',
  'signatoryName',
  'signatoryPosition',
  'vatNote',
  'legalForm',
  'signatoryNameGenitive',
  'signatoryPositionGenitive',
  'signatoryBasis',
];

/** What is wrong with the agency's requisites (field errors for a 422), empty when fine. */
export function agencyDetailsProblems(d: AgencyDetails): FieldError[] {
  const errors: FieldError[] = [];
  const bad = (field: keyof AgencyDetails, message: string) => errors.push({ field, message });
  if (!isValidInn(d.inn)) bad('inn', 'inn must be 10 or 12 digits with valid check digits');
  if (d.inn.length === 10 && !isValidKpp(d.kpp)) bad('kpp', 'kpp must be 9 characters: NNNNPPNNN');
  if (d.inn.length === 12 && d.kpp !== '' && !isValidKpp(d.kpp))
    bad('kpp', 'kpp must be 9 characters: NNNNPPNNN');
  if (!isValidOgrn(d.ogrn)) bad('ogrn', 'ogrn must be 13 (or 15) digits with a valid check digit');
  if (!isValidBik(d.bik)) bad('bik', 'bik must be 9 digits starting with 04');
  else {
    if (!isValidAccount(d.account, d.bik))
      bad('account', 'account must be 20 digits matching the bank (BIK)');
    if (!isValidCorrAccount(d.corrAccount, d.bik)) {
      bad('corrAccount', 'corrAccount must be 20 digits starting with 301 matching the bank (BIK)');
    }
  }
  if (d.legalForm === 'organization') {
    if (isValidInn(d.inn) && d.inn.length !== 10)
      bad('inn', 'an organisation’s inn has 10 digits (12 is a sole proprietor’s)');
    if (isValidOgrn(d.ogrn) && d.ogrn.length !== 13) bad('ogrn', 'an organisation’s ogrn has 13 digits');
  }
  if (d.legalForm === 'sole_proprietor') {
    if (isValidInn(d.inn) && d.inn.length !== 12) bad('inn', 'a sole proprietor’s inn has 12 digits');
    if (isValidOgrn(d.ogrn) && d.ogrn.length !== 15)
      bad('ogrn', 'a sole proprietor’s ogrn (ОГРНИП) has 15 digits');
    if (d.kpp !== '') bad('kpp', 'a sole proprietor has no kpp; leave it empty');
  }
  const words = (s: string) => s.trim().split(/\s+/).length;
  if (d.signatoryNameGenitive !== undefined && d.signatoryNameGenitive.trim() !== '') {
    if (!/^[А-ЯЁ][А-ЯЁа-яё.\s-]+$/.test(d.signatoryNameGenitive.trim()))
      bad('signatoryNameGenitive', 'signatoryNameGenitive must be a name in Cyrillic');
    else if (words(d.signatoryNameGenitive) !== words(d.signatoryName))
      bad('signatoryNameGenitive', 'signatoryNameGenitive must have as many words as signatoryName');
  }
  if (d.signatoryBasis !== undefined && /^на основании/i.test(d.signatoryBasis.trim()))
    bad('signatoryBasis', 'signatoryBasis is what follows «на основании», e.g. Устава');
  return errors;
}
