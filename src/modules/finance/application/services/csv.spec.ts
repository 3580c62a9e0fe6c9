import { csvCell, neutralise, ruDate, ruDateTime, toCsv } from './csv';

describe('csv for Excel', () => {
  it('escapes cells that would start a formula, and only those', () => {
    expect(['=1+1', '+7 912', '-2', '@SUM(A1)', '\tx', 'Иванов', '1=1'].map(neutralise)).toEqual([
      "'=1+1",
      "'+7 912",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      'Иванов',
      '1=1',
    ]);
  });

  it('writes decimal commas, Moscow dates as ДД.ММ.ГГГГ, and quotes `;`, quotes and line breaks', () => {
    expect(csvCell('money', '-1234.50')).toBe('-1234,50');
    expect(csvCell('date', '2027-05-31T20:30:00.000Z')).toBe('31.05.2027');
    expect(csvCell('date', '2027-05-31T21:30:00.000Z')).toBe('01.06.2027');
    expect(ruDate('2027-01-02')).toBe('02.01.2027');
    expect(ruDateTime('2027-01-02T09:05:00Z')).toBe('02.01.2027 12:05');
    expect(csvCell('text', 'ООО "Ромашка"; филиал')).toBe('"ООО ""Ромашка""; филиал"');
    expect(csvCell('text', null)).toBe('');
  });

  it('starts with a UTF-8 BOM and ends lines with CRLF', () => {
    const b = toCsv([{ header: 'Имя', kind: 'text', value: (r: { n: string }) => r.n }], [{ n: 'Пётр' }]);
    expect(b.toString('utf8')).toBe('\uFEFFИмя\r\nПётр\r\n');
  });
});
