import { detectClassification } from '../../../src/core/checks/rule-types/classification';
import { fromPlainText } from '../../../src/core/text/document';
import { ruleTable, msg } from './table';

const markings = [
  { level: 'RESTRICTED' as const, en: 'RESTRICTED', 'zh-HK': '限閱文件' },
  { level: 'CONFIDENTIAL' as const, en: 'CONFIDENTIAL', 'zh-HK': '機密' },
  { level: 'SECRET' as const, en: 'SECRET', 'zh-HK': '高度機密' },
  { level: 'TOP SECRET' as const, en: 'TOP SECRET', 'zh-HK': '絕對機密' },
];
const message = msg('應標示「%s」（現為「%s」）。', "Expected the marking '%s' (found '%s').");

describe('classification: top-bottom', () => {
  ruleTable(
    { extends: 'classification', check: 'top-bottom', markings, message, level: 'error' },
    {
      valid: ['RESTRICTED\nBody.\nRESTRICTED', 'No marking.\nAt all.', '限閱文件（人事）\n內文。\n限閱文件（人事）', 'TOP SECRET\nx\nTOP SECRET'],
      invalid: [
        { text: 'RESTRICTED\nBody.', errors: [{ text: 'RESTRICTED', block: 0 }] },
        { text: '\nBody.\n機密 CONFIDENTIAL\n', errors: [{ text: '機密 CONFIDENTIAL', block: 2 }] },
      ],
    },
  );
});

describe('classification: consistent', () => {
  ruleTable(
    { extends: 'classification', check: 'consistent', markings, message, level: 'error' },
    {
      valid: ['CONFIDENTIAL\nBody.\nCONFIDENTIAL', '限閱文件\n內文。\nRESTRICTED'],
      invalid: [{ text: 'CONFIDENTIAL\nBody.\nRESTRICTED', errors: [{ text: 'RESTRICTED', block: 2, fix: 'CONFIDENTIAL' }] }],
    },
  );
});

describe('classification: declared', () => {
  ruleTable(
    { extends: 'classification', check: 'declared', markings, message, level: 'error' },
    {
      valid: [{ text: 'RESTRICTED\nBody.\nRESTRICTED', context: { classification: 'RESTRICTED' } }, 'Body with nothing declared.', { text: 'Body.', context: { classification: 'UNCLASSIFIED' } }],
      invalid: [
        { text: 'Body.\nMore.', context: { classification: 'RESTRICTED' }, errors: [{ text: '', block: 0, en: "Expected the marking 'RESTRICTED' (found '—')." }] },
        { text: '限閱文件\n內文。\n限閱文件', context: { classification: 'CONFIDENTIAL', lang: 'zh-HK' }, errors: [{ text: '限閱文件', block: 0, fix: '機密' }] },
      ],
    },
  );
});

test('detectClassification takes the strictest marking line', () => {
  expect(detectClassification(fromPlainText('RESTRICTED\nsome text mentioning SECRET\nCONFIDENTIAL').blocks)).toBe('CONFIDENTIAL');
  expect(detectClassification(fromPlainText('TOP SECRET').blocks)).toBe('TOP SECRET');
  expect(detectClassification(fromPlainText('Nothing restricted here').blocks)).toBe('UNCLASSIFIED');
});
