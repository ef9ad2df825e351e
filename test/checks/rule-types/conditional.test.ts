import { ruleTable, msg } from './table';

describe('conditional (abbreviation defined before use)', () => {
  ruleTable(
    {
      extends: 'conditional',
      message: msg('縮寫「%s」首次出現前應先寫出全稱。', "Define '%s' before using it."),
      level: 'suggestion',
      first: '\\b([A-Z]{2,5})\\b',
      second: '\\(([A-Z]{2,5})\\)',
      exceptions: ['HK', 'HKSAR', 'LegCo'],
    },
    {
      valid: ['The Digital Policy Office (DPO) said.\nThe DPO agreed.', 'The HKSAR Government.', 'Food and Environmental Hygiene Department (FEHD) staff; FEHD.'],
      invalid: [
        { text: 'The DPO said.\nThe Digital Policy Office (DPO) agreed.\nDPO again.', errors: [{ text: 'DPO', start: 4, en: "Define 'DPO' before using it." }] },
        { text: 'FEHD and TD met; FEHD again.', errors: [{ text: 'FEHD' }, { text: 'TD' }] },
      ],
    },
  );
});
