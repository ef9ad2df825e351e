import { ruleTable, msg } from './table';

describe('existence (tokens and patterns)', () => {
  ruleTable(
    {
      extends: 'existence',
      message: msg('書面語不宜用語氣詞「%s」。', "Avoid the Cantonese particle '%s' in formal writing."),
      level: 'error',
      scope: 'zh',
      tokens: ['喎', '囉', '㗎'],
      patterns: ['\\d+(?:st|nd|rd|th) (?:January|February|March|April|May|June|July|August|September|October|November|December)'],
    },
    {
      valid: ['本署會盡快回覆。', '會議於11月28日舉行。'],
      invalid: [
        { text: '佢話唔得喎。', errors: [{ text: '喎', start: 4, en: "Avoid the Cantonese particle '喎' in formal writing." }] },
        { text: '係咁㗎囉', errors: [{ text: '㗎' }, { text: '囉' }] },
        { text: '會議改於28th November舉行。', errors: [{ text: '28th November' }] },
      ],
    },
  );
});
