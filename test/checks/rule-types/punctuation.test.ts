import { ruleTable, msg } from './table';

describe('punctuation (half-width marks and Western quotes in Chinese text)', () => {
  ruleTable(
    {
      extends: 'punctuation',
      message: msg('中文應用全形標點「%s」，不用「%s」。', "Use the full-width '%s' in Chinese, not '%s'."),
      level: 'warning',
      scope: 'zh',
      halfwidth: { ',': '，', '.': '。', ':': '：', ';': '；', '?': '？', '!': '！', '(': '（', ')': '）' },
      quotes: { '“': '「', '”': '」', '‘': '『', '’': '』' },
    },
    {
      valid: [
        '本署於上午10:30舉行會議，出席人數為3.5萬。',
        '查詢請電郵至 enquiry@fehd.gov.hk。',
        '《公眾衞生及市政條例》（第132章）規定，「食物」包括飲品。',
        'Dear Mr Chan, thank you (for the letter): "yes".',
        '版本 v2.1 (beta) 已推出。',
        '本署檔號：(12) in FEHD HQ/1234/56',
      ],
      invalid: [
        { text: '本署已收到來信,並會跟進.', errors: [{ text: ',', fix: '，' }, { text: '.', fix: '。' }] },
        { text: '食物環境衞生署(食環署)表示:“會跟進”', errors: [{ text: '(' }, { text: ')' }, { text: ':' }, { text: '“', fix: '「' }, { text: '”', fix: '」' }] },
        { text: '請問何時開放?', errors: [{ text: '?', fix: '？' }] },
        { text: '《公眾衞生及市政條例》(第132章)', errors: [{ text: '(' }, { text: ')' }] },
        { text: '食物環境衞生署(FEHD)', errors: [{ text: '(' }, { text: ')' }] },
      ],
    },
  );
});

describe('punctuation: ASCII double quotes, label colons, list commas, item references (issue 12)', () => {
  ruleTable(
    {
      extends: 'punctuation',
      message: msg('中文應用全形標點「%s」，不用「%s」。', "Use the full-width '%s' in Chinese, not '%s'."),
      level: 'warning',
      scope: 'zh',
      halfwidth: { ',': '，', ':': '：', '(': '（', ')': '）' },
      asciiQuotes: { open: '「', close: '」' },
      listComma: '、',
    },
    {
      valid: ['本署於上午10:30舉行會議。', '根據第(a)項及第(iv)段的規定。', '依照第(12)條辦理。', '他回覆 "yes" 表示同意。'],
      invalid: [
        { text: '電話:2868 0000', errors: [{ text: ':', fix: '：' }] },
        { text: '時間:10:30', errors: [{ text: ':', fix: '：' }] },
        { text: '食環署表示"會跟進"。', errors: [{ text: '"', fix: '「' }, { text: '"', fix: '」' }] },
        { text: '本署在油麻地,旺角,深水埗設站。', errors: [{ text: ',', fix: ['、', '，'] }, { text: ',', fix: ['、', '，'] }] },
        { text: '本署已收到來信,並會跟進。', errors: [{ text: ',', fix: '，' }] },
        { text: '食物環境衞生署(FEHD)', errors: [{ text: '(' }, { text: ')' }] },
      ],
    },
  );
});
