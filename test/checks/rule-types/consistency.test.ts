import { ruleTable, msg } from './table';

describe('consistency (two variants in one document)', () => {
  ruleTable(
    { extends: 'consistency', message: msg('全文宜統一用「%s」，不用「%s」。', "Use '%s' throughout, not '%s'."), level: 'warning', ignorecase: true, either: { email: 'e-mail', 網上: '網絡上' } },
    {
      valid: ['Send an email.\nAnother email follows.', 'E-mail me.\nThe e-mail arrived.', '網上申請。'],
      invalid: [
        { text: 'Send an email.\nThe E-mail arrived.\nAnother email.', errors: [{ text: 'E-mail', block: 1, fix: 'Email', en: "Use 'email' throughout, not 'E-mail'." }] },
        { text: '網絡上申請。\n網上繳費。', errors: [{ text: '網上', block: 1, fix: '網絡上' }] },
      ],
    },
  );
});
