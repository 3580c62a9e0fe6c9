import { SAMPLE_AGENCY } from './sample-document-data';
import {
  agencyPartyClause,
  customerReferredAs,
  genderOf,
  genitiveName,
  genitivePosition,
  legalFormOf,
} from './contract-wording';

describe('contract wording', () => {
  it('declines the signatory after «в лице» and names the basis when the agency is an organisation', () => {
    const {
      signatoryNameGenitive: _n,
      signatoryPositionGenitive: _p,
      signatoryBasis: _b,
      ...bare
    } = SAMPLE_AGENCY;
    expect(agencyPartyClause(bare)).toBe(
      'Общество с ограниченной ответственностью «Пример Тур» (ИНН 7707083893, ОГРН 1027700132195), ' +
        'именуемое в дальнейшем «Турагент», в лице генерального директора Смирновой Анны Сергеевны, ' +
        'действующей на основании Устава',
    );
    expect(
      agencyPartyClause({
        ...SAMPLE_AGENCY,
        signatoryName: 'Орлов Пётр Ильич',
        signatoryNameGenitive: 'Орлова Петра Ильича',
        signatoryPositionGenitive: 'директора по продажам',
        signatoryBasis: 'доверенности № 5 от 01.02.2026',
      }),
    ).toContain(
      'в лице директора по продажам Орлова Петра Ильича, действующего на основании доверенности № 5 от 01.02.2026',
    );
  });

  it('speaks of a sole proprietor in the first person without «в лице» when the INN has 12 digits', () => {
    const ip = {
      ...SAMPLE_AGENCY,
      legalForm: undefined,
      legalName: 'Индивидуальный предприниматель Кравец Ольга Николаевна',
      inn: '500100732259',
      ogrn: '304500116000157',
      kpp: '',
      signatoryName: 'Кравец Ольга Николаевна',
      signatoryBasis: undefined,
    };
    expect(legalFormOf(ip)).toBe('sole_proprietor');
    const clause = agencyPartyClause(ip);
    expect(clause).toBe(
      'Индивидуальный предприниматель Кравец Ольга Николаевна (ИНН 500100732259, ОГРНИП 304500116000157), ' +
        'именуемая в дальнейшем «Турагент», действующая на основании записи в ЕГРИП (ОГРНИП 304500116000157)',
    );
    expect(clause).not.toContain('в лице');
    expect(clause).not.toContain('Устав');
  });

  it('reads gender from the patronymic and keeps both forms when a name does not tell', () => {
    expect(genderOf('Иванов Иван Иванович')).toBe('male');
    expect(genderOf('Smith John')).toBeNull();
    expect(customerReferredAs('Иванова Мария Петровна')).toBe('именуемая');
    expect(customerReferredAs('Иванов Иван Иванович')).toBe('именуемый');
    expect(customerReferredAs('SMITH JOHN')).toBe('именуемый(ая)');
    expect(genitiveName('Петров Сергей Андреевич')).toBe('Петрова Сергея Андреевича');
    expect(genitiveName('Smith John')).toBe('Smith John');
    expect(genitivePosition('Генеральный директор')).toBe('генерального директора');
    expect(genitivePosition('Директор')).toBe('директора');
  });
});
