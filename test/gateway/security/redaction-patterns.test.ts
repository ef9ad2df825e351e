/**
 * Issue 9, "Redaction misses": table tests for each kind of personal data, through the gateway's redact()
 * (which uses core/personal-data, shared with the checker). `found` lists what must be replaced, whole and
 * nothing else; `kept` texts must come back unchanged. Each "issue 9:" case failed on the code before.
 */
import { findPersonalData, hkidCheckDigit, mrzCheckDigit } from '../../../src/core/personal-data';
import { redact, restore } from '../../../src/gateway/policy/redaction';

/** The values redact() replaced, in order. */
function replaced(text: string): string[] {
  const r = redact(text);
  expect(restore(r.text, r.map)).toBe(text);
  return r.map.placeholders().map((p) => r.map.get(p) as string);
}

function table(kind: string, found: Array<[string, string[]]>, kept: string[]) {
  describe(kind, () => {
    it.each(found)('redacts %j', (text, values) => {
      expect(replaced(text)).toEqual(values);
      const out = redact(text).text;
      for (const v of values) expect(out).not.toContain(v);
    });
    it.each(kept.map((t) => [t]))('leaves %j alone', (text) => {
      expect(redact(text).text).toBe(text);
    });
  });
}

// Check digits computed by hkidCheckDigit (asserted below, so the table cannot drift).
test('the HKIDs in these tables have the check digits the algorithm gives', () => {
  expect(hkidCheckDigit('A', '123456')).toBe('3');
  expect(hkidCheckDigit('AB', '987654')).toBe('3');
  expect(hkidCheckDigit('M', '100000')).toBe('A');
  expect(hkidCheckDigit('a', '123456')).toBe('3');
  expect(hkidCheckDigit('XA', '123456')).not.toBe('7');
});

table(
  'HKID',
  [
    ['issue 9: lowercase a123456(3)', ['a123456(3)']],
    ['issue 9: A 123456(3) with a space', ['A 123456(3)']],
    ['issue 9: full-width Ａ１２３４５６（3）', ['Ａ１２３４５６（3）']],
    ['issue 9: A123456-3 with a hyphen', ['A123456-3']],
    ['issue 9: two-letter prefix AB987654(3) and ab987654(3)', ['AB987654(3)', 'ab987654(3)']],
    ['A123456 (3) and A 123456 ( 3 )', ['A123456 (3)', 'A 123456 ( 3 )']],
    ['身份證號碼：M100000（Ａ）。', ['M100000（Ａ）']],
    ['bare with valid check digit A1234563', ['A1234563']],
    ['zero-width inside A123\u200B456(3)', ['A123\u200B456(3)']],
    ['mistyped but bracketed A123456(4)', ['A123456(4)']],
    ['line start\nA123456(3)\nend', ['A123456(3)']],
  ],
  ['file A1234564 (wrong check digit, no brackets)', 'Ref. AB123456 is a file number.', 'Model XA1234567.', 'lower a1234563 without brackets', 'ABC123456(3) is not an HKID'],
);

table(
  'phone',
  [
    ['issue 9: +852 (2345) 6789', ['+852 (2345) 6789']],
    ['issue 9: spaced 9 1 2 3 4 5 6 7', ['9 1 2 3 4 5 6 7']],
    ['issue 9: full-width ９１２３ ４５６７', ['９１２３ ４５６７']],
    ['issue 9: full-width with ideographic space ９１２３　４５６７', ['９１２３　４５６７']],
    ['issue 9: mobile prefix 4: 4612 3456', ['4612 3456']],
    ['mobile prefix 7 (taken before too): 7071 2345', ['7071 2345']],
    ['issue 9: mobile prefix 8: 8481 2345', ['8481 2345']],
    ['852 without plus: 852 9123 4567', ['852 9123 4567']],
    ['+85291234567 and 0085291234567', ['+85291234567', '0085291234567']],
    ['(852) 2345-6789', ['(852) 2345-6789']],
    ['(+852) 3456 7890', ['(+852) 3456 7890']],
    ['致電，9123 4567查詢', ['9123 4567']],
    ['Tel.91234567', ['91234567']],
    ['en dash 9123–4567', ['9123–4567']],
    ['a number after a year: 2025 91234567', ['91234567']],
    ['+852 2012 3456 dialled in full', ['+852 2012 3456']],
  ],
  [
    'issue 9: 2025 1234 (a year and a number)',
    'In 2025 1234 applications were received.',
    'a reference: (12) in HAD/123/45',
    'HAD/2345 6789',
    'amount $2345 6789',
    '2026年度的預算為12345678元。',
    'decimal 1.23456789',
    'thousands 12,345,678 and 1,23456789',
    'long 123456789012',
    '2 0 2 5 1 2 3 4',
    'date 20250101',
    'ISBN 978-962-00-1234-5',
  ],
);

table(
  'email',
  [
    ['issue 9: full-width at chan＠example.com', ['chan＠example.com']],
    ['issue 9: all full-width ｃｈａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ', ['ｃｈａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ']],
    ['issue 9: small at chan﹫example.com', ['chan﹫example.com']],
    ['issue 9: IDN domain 陳@例子.香港', ['陳@例子.香港']],
    ['issue 9: Unicode local part 大文@example.com', ['大文@example.com']],
    ['issue 9: diacritics müller@münchen.de', ['müller@münchen.de']],
    ['issue 9: punycode TLD user@example.xn--j6w193g', ['user@example.xn--j6w193g']],
    ['請電郵chan@fehd.gov.hk查詢', ['chan@fehd.gov.hk']],
    ['Cyrillic иван@пример.рф.', ['иван@пример.рф']],
    ['<chan.tm+hk@example.co.uk>', ['chan.tm+hk@example.co.uk']],
  ],
  ['no at sign example.com', 'a handle @chan', 'name@localhost has no domain', 'price 5@10'],
);

table(
  'passport',
  [
    ['issue 9: HKSAR passport H12345678', ['H12345678']],
    ['issue 9: HKSAR passport K01234567', ['K01234567']],
    ['issue 9: Mainland passport E12345678 and EA1234567', ['E12345678', 'EA1234567']],
    ['issue 9: BN(O) passport no. 123456789', ['123456789']],
    ['護照號碼：５１２３４５６７８', ['５１２３４５６７８']],
    ['Travel document number: XY1234567', ['XY1234567']],
    ['回鄉證 H1234567801', ['H1234567801']],
  ],
  ['order 123456789', 'H1234567 has seven digits', 'part AH12345678X'],
);

describe('passport MRZ', () => {
  // ICAO Doc 9303's specimen TD3 zone (Utopia, Eriksson Anna Maria).
  const name = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';
  const data = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';

  it('computes ICAO 9303 check digits', () => {
    expect(mrzCheckDigit('L898902C3')).toBe('6');
    expect(mrzCheckDigit('740812')).toBe('2');
    expect(mrzCheckDigit('120415')).toBe('9');
  });

  it('redacts both MRZ lines when the check digits agree', () => {
    const text = `Scan:\n${name}\n${data}\nEnd`;
    const r = redact(text);
    expect(r.text).toBe('Scan:\n[PASSPORT_1]\nEnd');
    expect(restore(r.text, r.map)).toBe(text);
  });

  it('does not take a data-line-shaped text whose check digits are wrong', () => {
    const wrong = data.replace('C36', 'C35');
    expect(findPersonalData(wrong, { kinds: ['passport'], strict: false })).toEqual([]);
  });
});

describe('one implementation for the checker and the redactor', () => {
  it('the checker (strict) takes only certain HKIDs; the redactor also what only looks like one', () => {
    const text = 'A123456(3) A123456(4) No 123456(3) to 123456(3) a123456(3)';
    expect(findPersonalData(text, { kinds: ['hkid'] }).map((m) => m.text)).toEqual(['A123456(3)', 'a123456(3)']);
    expect(findPersonalData(text, { kinds: ['hkid'], strict: false }).map((m) => m.text)).toEqual(['A123456(3)', 'A123456(4)', 'No 123456(3)', 'to 123456(3)', 'a123456(3)']);
  });

  it('each spelling gets its own placeholder, so every occurrence comes back as it was written', () => {
    const text = '９１２３ ４５６７, +852 9123-4567, ９１２３ ４５６７; Ａ１２３４５６（３）, a123456(3); chan＠example.com, CHAN@example.com';
    const r = redact(text);
    expect(r.text).toBe('[PHONE_1], [PHONE_2], [PHONE_1]; [HKID_1], [HKID_2]; [EMAIL_1], [EMAIL_2]');
    expect(restore(r.text, r.map)).toBe(text);
  });
});
