import { ruleTable, msg } from './table';

const spec = {
  extends: 'pairing' as const,
  message: msg('稱謂須配合結束語「%s」，不用「%s」。', "Close with '%s', not '%s'."),
  level: 'error' as const,
  closes: '^(?:Yours (?:faithfully|sincerely|truly)|Sincerely|Best regards|Regards)',
  pairs: [
    { open: '^Dear (?:Sir|Madam|Sir or Madam|Sir/Madam)\\b', close: '^Yours faithfully', replacement: 'Yours faithfully' },
    { open: '^Dear (?:Mr|Ms|Mrs|Miss|Dr|Professor) \\S+', close: '^Yours sincerely', replacement: 'Yours sincerely' },
  ],
};

describe('pairing (salutation and close)', () => {
  ruleTable(spec, {
    valid: ['Dear Sir/Madam,\nThank you.\nYours faithfully,', 'Dear Mr Chan,\nThanks.\nYours sincerely,', 'No salutation at all.\nRegards'],
    invalid: [
      { text: 'Dear Sir/Madam,\nThank you.\nYours sincerely,', errors: [{ text: 'Yours sincerely', block: 2, fix: 'Yours faithfully', en: "Close with 'Yours faithfully', not 'Yours sincerely'." }] },
      { text: 'Dear Ms Wong,\nThank you.\nYours faithfully,', errors: [{ text: 'Yours faithfully', block: 2, fix: 'Yours sincerely' }] },
      { text: 'Dear Dr Lee,\nThank you.\nBest regards,', errors: [{ text: 'Best regards', block: 2, fix: 'Yours sincerely' }] },
      { text: 'Dear Sir,\nThank you.', errors: [{ text: 'Dear Sir', block: 0, en: "Close with 'Yours faithfully', not 'Dear Sir'." }] },
    ],
  });
});
