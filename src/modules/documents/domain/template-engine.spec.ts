import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentNumber, TEMPLATE_TYPES } from './document-data';
import { sampleDocumentData, sampleTemplateData } from './sample-document-data';
import { knownPaths, renderTemplate, templateProblems } from './template-engine';

const NB = '\u00A0';
const sample = sampleDocumentData('invoice');

describe('renderTemplate', () => {
  it('fills placeholders and helpers when the template uses them', () => {
    const dd = renderTemplate(
      {
        content: [
          'Заказ № {{order.number}} для {{client.fullName}}',
          '{{money totals.total totals.currency}} — {{Words totals.total totals.currency}}',
          '{{date document.date}} {{dateShort order.deadline}} {{dateTime services.0.startAt}}',
          '{{upper agency.bik}} {{count travellers}} {{number totals.commission}}',
          '{{default order.missing "нет"}} {{default client.fullName "нет"}} [{{order.nothing}}]',
        ],
      },
      sample,
    );
    expect(dd.content).toEqual([
      'Заказ № 2026-000123 для Иванов Иван Иванович',
      `351${NB}856,75${NB}₽ — Триста пятьдесят одна тысяча восемьсот пятьдесят шесть рублей 75 копеек`,
      '22 ноября 2026 г. 15.05.2027 ',
      `044525225 3 17${NB}592,84`,
      'нет Иванов Иван Иванович []',
    ]);
  });

  it('repeats a node per list item with the position when the array holds a $each loop', () => {
    const dd = renderTemplate(
      {
        content: [
          'до',
          { $each: 'travellers', as: 't', do: '{{@n}}. {{t.fullName}} ({{@index}})' },
          {
            $each: 'days',
            as: 'd',
            do: { stack: [{ $each: 'd.services', as: 's', do: '{{d.n}}/{{s.n}}' }] },
          },
          { $each: 'order.number', do: 'not a list' },
        ],
      },
      sample,
    );
    expect(dd.content).toEqual([
      'до',
      '1. Иванов Иван Иванович (0)',
      '2. Иванова Мария Петровна (1)',
      '3. Иванов Пётр Иванович (2)',
      { stack: ['1/1', '1/2', '1/3'] },
      { stack: ['2/4'] },
      { stack: ['4/5'] },
      { stack: ['7/6'] },
    ]);
  });

  it('keeps the then or else branch when a $if is in an array or a property', () => {
    const data = { ...sample, payments: { ...sample.payments, items: [] } };
    const dd = renderTemplate(
      {
        content: [
          { $if: 'payments.items', then: 'есть оплаты', else: 'оплат нет' },
          { $if: 'order.note', then: '{{order.note}}' },
          { $if: 'payments.items', then: 'x' },
        ],
        footer: { $if: 'payments.items', then: 'x' },
        header: { $if: 'client.fullName', then: { text: '{{client.fullName}}' } },
      },
      data,
    );
    expect(dd).toEqual({
      content: ['оплат нет', sample.order.note],
      header: { text: 'Иванов Иван Иванович' },
    });
  });

  it('leaves numbers, booleans and nulls alone and answers {} when the template is not an object', () => {
    expect(renderTemplate({ pageMargins: [40, 40], compress: false, x: null }, sample)).toEqual({
      pageMargins: [40, 40],
      compress: false,
      x: null,
    });
    expect(renderTemplate(['a'], sample)).toEqual({});
  });
});

describe('templateProblems', () => {
  it('finds nothing when the template is one of the five defaults', () => {
    for (const type of TEMPLATE_TYPES) {
      const template: unknown = JSON.parse(
        readFileSync(join(process.cwd(), 'templates', `${type}.json`), 'utf8'),
      );
      expect(templateProblems(template, sampleTemplateData(type))).toEqual([]);
    }
  });

  it('rejects an order placeholder when the template is an agent report', () => {
    expect(
      templateProblems({ content: ['{{client.fullName}}'] }, sampleTemplateData('agent_report')),
    ).toEqual(['content[0]: unknown placeholder "client.fullName"']);
  });

  it('names each problem and where it is when the template is broken', () => {
    const problems = templateProblems(
      {
        content: [
          'Заказ {{order.numbr}}',
          { text: ['{{client.fullName'] },
          '{{frobnicate order.number}}',
          '{{money}}',
          '{{money a.b c.d e.f}}',
          '{{}}',
          '{{order.number!}}',
          { $each: 'servces', as: 's', do: '{{s.price}}' },
          { $each: 'order.number', as: 's', do: 'x' },
          { $each: 'services', as: 's', do: '{{s.nope}}', extra: 1 },
          { $each: 'services', as: '1bad' },
          { $each: 42 },
          { $if: 'nope', then: 'x', other: 1 },
          { $unknown: 1 },
        ],
      },
      sample,
    );
    expect(problems).toEqual([
      'content[0]: unknown placeholder "order.numbr"',
      'content[1].text[0]: unbalanced {{ }} in "{{client.fullName"',
      expect.stringMatching(/^content\[2\]: unknown helper "frobnicate" \(known: money, /),
      'content[3]: unknown placeholder "money"',
      'content[4]: helper "money" takes 1–2 argument(s)',
      'content[4]: unknown placeholder "a.b"',
      'content[4]: unknown placeholder "c.d"',
      'content[4]: unknown placeholder "e.f"',
      'content[5]: empty placeholder {{}}',
      'content[6]: "order.number!" is neither a field path nor a "quoted" literal',
      'content[7]: unknown list "servces"',
      'content[7].do: unknown placeholder "s.price"',
      'content[8]: "order.number" is not a list',
      'content[9]: a $each loop takes only $each, as, do (not extra)',
      'content[9].do: unknown placeholder "s.nope"',
      'content[10]: "as" must be a simple name',
      'content[10]: a $each loop needs "do"',
      'content[11]: $each must name a list field',
      'content[12]: a $if takes only $if, then, else (not other)',
      'content[12]: unknown placeholder "nope" in $if',
    ]);
  });

  it('rejects what is not a document definition', () => {
    expect(templateProblems('text', sample)).toEqual([
      'the template must be a JSON object (a pdfmake document definition)',
    ]);
    expect(templateProblems({ pageSize: 'A4' }, sample)).toEqual(['the template has no "content"']);
    expect(templateProblems({ content: [{ $x: 1 }] }, sample)).toEqual([
      'content[0]: unknown directive "$x"',
    ]);
  });

  it('stops at a nesting limit when the template is absurdly deep', () => {
    let node: unknown = 'x';
    for (let i = 0; i < 100; i += 1) node = [node];
    expect(templateProblems({ content: node }, sample)[0]).toMatch(/nested deeper than 60 levels/);
  });
});

describe('knownPaths and numbers', () => {
  it('lists the data model with list markers', () => {
    const paths = knownPaths(sample);
    expect(paths).toEqual(
      expect.arrayContaining(['order.number', 'services[]', 'services[].price', 'days[].services[]']),
    );
  });

  it('numbers documents per type and year', () => {
    expect(documentNumber('invoice', 2026, 1)).toBe('СЧ-2026-000001');
    expect(documentNumber('contract', 2027, 123)).toBe('Д-2027-000123');
  });
});
