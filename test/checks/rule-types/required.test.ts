import { ruleTable, msg } from './table';

describe('required (a part that must be present)', () => {
  ruleTable(
    {
      extends: 'required',
      message: msg('信件應有%s。', 'A letter needs %s.'),
      level: 'warning',
      name: { 'zh-HK': '檔號', en: 'a reference line' },
      patterns: ['^Our Ref', '^本署檔號'],
      when: '^Dear ',
      exceptKinds: ['email'],
    },
    {
      valid: [
        { text: 'Dear Sir,\nAn email needs no reference line.', context: { documentKind: 'email' } },'A note with no salutation.', 'Our Ref.: FEHD 1/2\nDear Sir/Madam,\nYours faithfully,', '本署檔號：FEHD 1/2\nDear Sir,'],
      invalid: [{ text: '\nDear Sir/Madam,\nThank you.', errors: [{ text: '', block: 1, start: 0, en: 'A letter needs a reference line.', zh: '信件應有檔號。' }] }],
    },
  );
});
