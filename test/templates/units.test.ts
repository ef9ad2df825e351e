import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatDate, hongKongDate, parseDateInput, weekday } from '../../src/core/templates/dates';
import { didYouMean, formatDiagnostic, formatPath } from '../../src/core/templates/errors';
import { tidyPoint } from '../../src/core/templates/key-points';
import { loadPacks } from '../../src/core/templates/loader';
import { classificationMarking } from '../../src/core/templates/marking';
import { deriveSalutation } from '../../src/core/templates/salutation';
import { baseName, joinPath, memoryPackSource } from '../../src/core/templates/source';
import { loadPacksFromDir, nodePackSource } from '../../src/node/pack-source';

describe('dates', () => {
  it.each([
    ['2026-11-28', { year: 2026, month: 11, day: 28 }],
    ['2026-1-5', { year: 2026, month: 1, day: 5 }],
    ['28 November 2026', { year: 2026, month: 11, day: 28 }],
    ['28 Nov. 2026', { year: 2026, month: 11, day: 28 }],
    ['2026年11月28日', { year: 2026, month: 11, day: 28 }],
    ['2028-02-29', { year: 2028, month: 2, day: 29 }],
    ['2026-02-29', undefined],
    ['2026-13-01', undefined],
    ['31 June 2026', undefined],
    ['November 28, 2026', undefined],
    ['28/11/2026', undefined],
  ])('reads %s', (input, expected) => {
    expect(parseDateInput(input)).toEqual(expected);
  });

  it.each([
    ['en', '28 November 2026', 'Saturday'],
    ['zh-HK', '2026年11月28日', '星期六'],
  ] as const)('writes %s dates as the Government does', (lang, date, day) => {
    const d = { year: 2026, month: 11, day: 28 };
    expect(formatDate(d, lang)).toBe(date);
    expect(weekday(d, lang)).toBe(day);
  });

  it('takes today in Hong Kong time', () => {
    expect(hongKongDate(new Date('2026-11-27T15:59:59Z'))).toEqual({ year: 2026, month: 11, day: 27 });
    expect(hongKongDate(new Date('2026-11-27T16:00:00Z'))).toEqual({ year: 2026, month: 11, day: 28 });
  });
});

describe('salutation', () => {
  it.each([
    ['Mr CHAN Tai-man', 'en', 'Dear Mr Chan', 'Yours sincerely'],
    ['Mrs LEUNG', 'en', 'Dear Mrs Leung', 'Yours sincerely'],
    ['Miss Ho Wing-yan', 'en', 'Dear Miss Ho', 'Yours sincerely'],
    ['Ir AU-YEUNG Ka-wai', 'en', 'Dear Ir Au-Yeung', 'Yours sincerely'],
    ['Ms Mei-ling WONG', 'en', 'Dear Ms Wong', 'Yours sincerely'],
    [' ', 'en', 'Dear Sir/Madam', 'Yours faithfully'],
    ['陳大文先生', 'en', 'Dear Sir/Madam', 'Yours faithfully'],
    ['陳大文先生', 'zh-HK', '陳大文先生', ''],
    ['黃美玲女士', 'zh-HK', '黃美玲女士', ''],
    ['Mr CHAN Tai-man', 'zh-HK', 'CHAN Tai-man先生', ''],
    ['陳大文', 'zh-HK', '先生／女士', ''],
    ['', 'zh-HK', '先生／女士', ''],
  ] as const)('"%s" in %s', (addressee, lang, salutation, close) => {
    const s = deriveSalutation(addressee, lang);
    expect([s.salutation, s.close]).toEqual([salutation, close]);
  });
});

describe('small helpers', () => {
  it.each([
    [['fields', 2, 'type'], 'fields[2].type'],
    [['names', 'zh-HK'], 'names.zh-HK'],
    [['houseRules', 'rules', 'my rule', 'level'], 'houseRules.rules["my rule"].level'],
    [[], ''],
  ])('formats the path %j', (p, expected) => {
    expect(formatPath(p)).toBe(expected);
  });

  it('suggests near misses only', () => {
    expect(didYouMean('subjct', ['subject', 'ourRef'])).toBe('; did you mean "subject"?');
    expect(didYouMean('OURREF', ['subject', 'ourRef'])).toBe('; did you mean "ourRef"?');
    expect(didYouMean('zzz', ['subject', 'ourRef'])).toBe('');
  });

  it('formats a diagnostic', () => {
    expect(formatDiagnostic({ file: 'a/b.yaml', line: 3, column: 7, message: 'x is wrong' })).toBe('a/b.yaml:3:7: x is wrong');
  });

  it.each([
    ['en', '- the premises were inspected', 'The premises were inspected.'],
    ['en', '3) Is it open?', 'Is it open?'],
    ['en', 'see "Guidelines".', 'See "Guidelines".'],
    ['zh-HK', '• 本署已採取行動', '本署已採取行動。'],
    ['zh-HK', '本署已採取行動,', '本署已採取行動。'],
    ['zh-HK', '你是否同意？', '你是否同意？'],
    ['zh-HK', '  ', ''],
  ] as const)('tidies a key point in %s: %s', (lang, raw, tidy) => {
    expect(tidyPoint(raw, lang)).toBe(tidy);
  });

  it('names the markings', () => {
    expect(classificationMarking('UNCLASSIFIED', 'en')).toBeUndefined();
    expect(classificationMarking('CONFIDENTIAL', 'zh-HK')).toBe('機密');
  });

  it.each([
    [['templates', 'fehd'], 'templates/fehd'],
    [['', 'fehd', 'memo'], 'fehd/memo'],
    [['.', 'fehd'], 'fehd'],
    [['/abs/templates/', 'fehd'], '/abs/templates/fehd'],
    [['/', 'fehd'], '/fehd'],
  ])('joins %j', (parts, expected) => {
    expect(joinPath(...parts)).toBe(expected);
  });

  it('takes the base name of a folder', () => {
    expect([baseName('templates/fehd'), baseName('fehd/'), baseName('.'), baseName('')]).toEqual(['fehd', 'fehd', '', '']);
  });
});

describe('pack sources', () => {
  it('lists and reads an in-memory tree', () => {
    const source = memoryPackSource({ 'a/x.yaml': 'x: 1', 'a/b/y.md': 'y', './c.txt': new Uint8Array([104, 105]) });
    expect(source.list('')).toEqual([{ name: 'a', kind: 'dir' }, { name: 'c.txt', kind: 'file' }]);
    expect(source.list('a')).toEqual([{ name: 'x.yaml', kind: 'file' }, { name: 'b', kind: 'dir' }]);
    expect(source.read('a/b/y.md')).toBe('y');
    expect(source.read('c.txt')).toBe('hi');
    expect(() => source.read('a/none')).toThrow('a/none: no such file');
  });

  it('reads packs from disk, keeping the folder as given in diagnostics', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-packs-'));
    try {
      fs.mkdirSync(path.join(dir, 'demo', 'memo'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'demo', 'department.yaml'), 'id: demo\nnames: { zh-HK: 示範署, en: Demo }\npolicy: { providers: [] }\n');
      const source = nodePackSource(dir);
      expect(source.list('.')).toEqual([{ name: 'demo', kind: 'dir' }]);
      expect(loadPacks(source).diagnostics.map(formatDiagnostic)).toEqual(['demo/department.yaml:3:11: policy.providers must not be empty']);
      expect(loadPacksFromDir(path.join(dir, 'demo')).diagnostics[0].file).toBe(path.join(dir, 'demo', 'department.yaml').split(path.sep).join('/'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
