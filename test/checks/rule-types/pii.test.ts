import { hkidCheckDigit, findPersonalData } from '../../../src/core/checks/rule-types/pii';
import { ruleTable, msg } from './table';

describe('HKID check digit', () => {
  test.each([
    ['A', '123456', '3'],
    ['AB', '987654', '3'],
    ['C', '668668', '9'],
    ['G', '123456', 'A'],
    ['Z', '683365', 'A'],
  ])('%s%s(%s)', (letters, digits, check) => {
    expect(hkidCheckDigit(letters, digits)).toBe(check);
  });
});

const message = msg('載有個人資料（%s）。', 'Personal data (%s) in the text.');

describe('pii: hkid', () => {
  ruleTable(
    { extends: 'pii', kind: 'hkid', name: { 'zh-HK': '香港身份證號碼', en: 'HKID number' }, message, level: 'error', markedLevel: 'warning' },
    {
      valid: ['身份證號碼 A123456(4) 的校驗位不對。', 'AB987654(2) 亦不對。', 'Ref. AB123456 is a file number.', 'Model XA1234567.'],
      invalid: [
        { text: '申請人身份證號碼為A123456(3)。', errors: [{ text: 'A123456(3)', en: 'Personal data (HKID number) in the text.', level: 'error' }] },
        { text: 'HKID: C668668 9 and AB987654(3)', errors: [{ text: 'C668668 9' }, { text: 'AB987654(3)' }] },
        { text: 'RESTRICTED\nHKID A123456(3)\nRESTRICTED', errors: [{ text: 'A123456(3)', block: 1, level: 'warning' }] },
      ],
    },
  );
});

describe('pii: phone', () => {
  ruleTable(
    { extends: 'pii', kind: 'phone', name: { 'zh-HK': '電話號碼', en: 'phone number' }, message, level: 'warning', officialContext: ['熱線', 'hotline', 'enquiries', '傳真', 'fax'] },
    {
      valid: ['查詢熱線：2868 0000。', 'For enquiries, please call 2868 0000.', '2026年度的預算為12345678元。', 'Fax: 2805 1234', '金額為 $1,234,5678。'],
      invalid: [
        { text: '陳先生的手提電話是 9123 4567。', errors: [{ text: '9123 4567' }] },
        { text: 'Call me on +852 61234567 tonight.', errors: [{ text: '+852 61234567' }] },
      ],
    },
  );
});

describe('pii: email', () => {
  ruleTable(
    { extends: 'pii', kind: 'email', name: { 'zh-HK': '電郵地址', en: 'email address' }, message, level: 'warning', allow: ['gov.hk'] },
    {
      valid: ['Write to enquiry@fehd.gov.hk.', '電郵：info@td.gov.hk'],
      invalid: [{ text: 'His address is chan.tai.man@example.com, please.', errors: [{ text: 'chan.tai.man@example.com' }] }],
    },
  );
});

test('findPersonalData finds every kind in order', () => {
  const text = '陳大文 A123456(3)，電話 9123 4567，電郵 chan@example.com';
  expect(findPersonalData(text).map((m) => m.kind)).toEqual(['hkid', 'phone', 'email']);
});
