import { ruleTable, msg } from './table';

const context = {
  requiredSections: [
    { id: 'background', titles: ['Background', '背景'] },
    { id: 'recommendation', titles: ['Recommendation', '建議'] },
  ],
};

describe('structure (sections a template requires)', () => {
  ruleTable(
    { extends: 'structure', message: msg('欠缺「%s」部分。', "The '%s' section is missing."), level: 'error' },
    {
      valid: [
        { text: 'Memo\n1. Background\nText.\n2. Recommendation\nText.', context },
        { text: '便箋\n背景\n內文。\n建議：\n內文。', context },
        { text: '## BACKGROUND\n## recommendation', context },
        'Without a template nothing is required.',
      ],
      invalid: [{ text: 'Memo\nBackground\nText only.', context, errors: [{ text: '', block: 0, en: "The 'Recommendation' section is missing.", zh: '欠缺「建議」部分。' }] }],
    },
  );
});
