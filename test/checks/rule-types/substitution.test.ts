import { ruleTable, msg } from './table';

describe('substitution (Chinese, with exceptions)', () => {
  ruleTable(
    {
      extends: 'substitution',
      message: msg('宜用「%s」，不用「%s」。', "Use '%s', not '%s'."),
      level: 'error',
      scope: 'zh',
      swap: { 係: '是', 佢哋: '他們', 佢: '他', 嘅: '的', 而家: '現在' },
      exceptions: ['關係', '係數'],
    },
    {
      valid: ['兩地關係密切。', '本署現正跟進。', '相關係數為零。', 'The relationship is close.'],
      invalid: [
        { text: '佢哋而家唔喺度。', errors: [{ text: '佢哋', start: 0, fix: '他們', en: "Use '他們', not '佢哋'." }, { text: '而家', start: 2, fix: '現在' }] },
        { text: '呢個係我嘅關係。', errors: [{ text: '係', start: 2, zh: '宜用「是」，不用「係」。' }, { text: '嘅', start: 4 }] },
        { text: '第一行沒有問題。\n佢係職員。', errors: [{ text: '佢', block: 1 }, { text: '係', block: 1 }] },
      ],
    },
  );
});

describe('substitution (English, ignorecase, word boundaries, several fixes)', () => {
  ruleTable(
    {
      extends: 'substitution',
      message: msg('英式拼寫宜用「%s」，不用「%s」。', "Use the British spelling '%s', not '%s'."),
      level: 'warning',
      ignorecase: true,
      swap: { color: 'colour', colors: 'colours', center: 'centre', license: ['licence', 'license'] },
      exceptions: ['computer center'],
    },
    {
      valid: ['The colour scheme.', 'Watercolors are fine?', 'A multicolored flag.', 'The computer center is closed.'],
      invalid: [
        { text: 'The Color and the colors.', errors: [{ text: 'Color', fix: 'Colour' }, { text: 'colors', fix: 'colours' }] },
        { text: 'CENTER STAGE', errors: [{ text: 'CENTER', fix: 'CENTRE' }] },
        { text: 'A license.', errors: [{ text: 'license', fix: ['licence', 'license'], en: "Use the British spelling 'licence' or 'license', not 'license'." }] },
      ],
    },
  );
});

describe('script (Simplified characters; Chinese blocks only)', () => {
  ruleTable(
    {
      extends: 'script',
      message: msg('應用繁體字「%s」，不用「%s」。', "Use the Traditional '%s', not '%s'."),
      level: 'error',
      map: { 发: ['發', '髮'], 务: '務', 税: '稅' },
    },
    {
      valid: ['本署發出通告。', 'Tax 税 in an English sentence mentioning a character is not Chinese text at all, really.'],
      invalid: [{ text: '本署发出税务通告。', errors: [{ text: '发', fix: ['發', '髮'] }, { text: '税', fix: '稅' }, { text: '务', fix: '務' }] }],
    },
  );
});
