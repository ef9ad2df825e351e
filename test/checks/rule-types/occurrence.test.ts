import { ruleTable, msg } from './table';

describe('occurrence (sentence length)', () => {
  ruleTable(
    { extends: 'occurrence', message: msg('句子有%s字，宜少於%s字。', 'This sentence has %s words; keep it under %s.'), level: 'suggestion', scope: 'en', unit: 'words', max: 8 },
    {
      valid: ['The office opens at 9 a.m. on weekdays. It closes at 5 p.m.', 'See Cap. 132 for details. It is short.'],
      invalid: [
        {
          text: 'Short one. This sentence goes on and on well past the limit that we set. Fine.',
          errors: [{ text: 'This sentence goes on and on well past the limit that we set.', start: 11, en: 'This sentence has 13 words; keep it under 8.' }],
        },
      ],
    },
  );
  ruleTable(
    { extends: 'occurrence', message: msg('句子有%s字，宜少於%s字。', 'Sentence of %s characters (max %s).'), level: 'suggestion', scope: 'zh', unit: 'chars', max: 10 },
    {
      valid: ['本署會跟進。', '短句。另一短句！'],
      invalid: [{ text: '短句。這一句中文句子實在太長了需要分拆。', errors: [{ text: '這一句中文句子實在太長了需要分拆。', start: 3, zh: '句子有16字，宜少於10字。' }] }],
    },
  );
});
