import { sampleDocumentData } from './sample-document-data';
import {
  agencyDetailsProblems,
  isValidAccount,
  isValidBik,
  isValidCorrAccount,
  isValidInn,
  isValidKpp,
  isValidOgrn,
} from './agency-requisites';

describe('agency requisites', () => {
  const agency = sampleDocumentData().agency;

  it('accepts real-looking requisites when the check digits match', () => {
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('500100732259')).toBe(true);
    expect(isValidKpp('770701001')).toBe(true);
    expect(isValidKpp('7707AB001')).toBe(true);
    expect(isValidOgrn('1027700132195')).toBe(true);
    expect(isValidOgrn('304500116000157')).toBe(true);
    expect(isValidBik('044525225')).toBe(true);
    expect(isValidAccount('40702810938000012345', '044525225')).toBe(true);
    expect(isValidCorrAccount('30101810400000000225', '044525225')).toBe(true);
    expect(agencyDetailsProblems(agency)).toEqual([]);
  });

  it('rejects each requisite when a digit is wrong or the format is off', () => {
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('500100732258')).toBe(false);
    expect(isValidInn('77070838')).toBe(false);
    expect(isValidKpp('77070100')).toBe(false);
    expect(isValidOgrn('1027700132196')).toBe(false);
    expect(isValidOgrn('304500116000158')).toBe(false);
    expect(isValidOgrn('12')).toBe(false);
    expect(isValidBik('144525225')).toBe(false);
    expect(isValidAccount('40702810938000012346', '044525225')).toBe(false);
    expect(isValidCorrAccount('30101810400000000226', '044525225')).toBe(false);
  });

  it('names every bad field when the details are wrong', () => {
    expect(
      agencyDetailsProblems({
        ...agency,
        inn: '7707083894',
        kpp: '1',
        ogrn: '1',
        account: '4070',
        corrAccount: '3',
      }).map((e) => e.field),
    ).toEqual(['inn', 'kpp', 'ogrn', 'account', 'corrAccount']);
    expect(agencyDetailsProblems({ ...agency, bik: '12' }).map((e) => e.field)).toEqual(['bik']);
    const unset = { ...agency, legalForm: undefined };
    expect(agencyDetailsProblems({ ...unset, inn: '500100732259', kpp: '' })).toEqual([]);
    expect(agencyDetailsProblems({ ...unset, inn: '500100732259', kpp: 'x' }).map((e) => e.field)).toEqual([
      'kpp',
    ]);
  });

  it('checks the legal form against the INN, OGRN and KPP when a sole proprietor is declared', () => {
    const ip = { ...agency, legalForm: 'sole_proprietor' as const };
    expect(agencyDetailsProblems(ip).map((e) => e.field)).toEqual(['inn', 'ogrn', 'kpp']);
    expect(agencyDetailsProblems({ ...ip, inn: '500100732259', ogrn: '304500116000157', kpp: '' })).toEqual(
      [],
    );
    expect(agencyDetailsProblems({ ...agency, inn: '500100732259', kpp: '' }).map((e) => e.field)).toEqual([
      'inn',
    ]);
  });

  it('refuses a genitive name that is not one and a basis that repeats «на основании»', () => {
    expect(
      agencyDetailsProblems({
        ...agency,
        signatoryNameGenitive: 'Smirnova Anna',
        signatoryBasis: 'на основании Устава',
      }).map((e) => e.field),
    ).toEqual(['signatoryNameGenitive', 'signatoryBasis']);
    expect(
      agencyDetailsProblems({ ...agency, signatoryNameGenitive: 'Смирновой Анны' }).map((e) => e.message),
    ).toEqual(['signatoryNameGenitive must have as many words as signatoryName']);
  });
});
