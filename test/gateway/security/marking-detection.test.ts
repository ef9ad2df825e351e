/**
 * Issue 9, "Classification detection misses markings": each spelling of a marking that the gate used to let
 * through, and ordinary prose that must stay unmarked.
 */
import { detectClassification, readMarking } from '../../../src/core/checks/rule-types/classification';
import { detectMarking } from '../../../src/core/classification/markings';
import { fromPlainText } from '../../../src/core/text/document';
import { detectInText } from '../../../src/gateway/policy/classification';

const marked: Array<[string, string, string]> = [
  ['lowercase restricted', 'restricted\n\nPlease reply by Friday.', 'RESTRICTED'],
  ['title-case Restricted', 'Restricted\nMemo on staffing', 'RESTRICTED'],
  ['full-width ＲＥＳＴＲＩＣＴＥＤ', 'ＲＥＳＴＲＩＣＴＥＤ\n\n有關安排如下。', 'RESTRICTED'],
  ['Markdown **RESTRICTED**', '**RESTRICTED**\n\nText', 'RESTRICTED'],
  ['quoted email line > RESTRICTED', 'Thanks.\n\n> RESTRICTED\n> Dear colleagues,', 'RESTRICTED'],
  ['table cell | RESTRICTED |', '| RESTRICTED |\n|---|\n| body |', 'RESTRICTED'],
  ['trailing full stop RESTRICTED.', 'RESTRICTED.\nBody', 'RESTRICTED'],
  ['qualifier RESTRICTED - STAFF', 'RESTRICTED - STAFF\nBody', 'RESTRICTED'],
  ['label Classification: RESTRICTED', 'Classification: RESTRICTED\nBody', 'RESTRICTED'],
  ['two spaces TOP  SECRET', 'TOP  SECRET\nBody', 'TOP SECRET'],
  ['broken line TOP\\nSECRET read as TOP SECRET', 'TOP\nSECRET\nBody', 'TOP SECRET'],
  ['zero-width character inside RESTRICTED', 'RESTR\u200BICTED\nBody', 'RESTRICTED'],
  ['Cyrillic С inside CONFIDENTIAL', '\u0421ONFIDENTIAL\nBody', 'CONFIDENTIAL'],
  ['Chinese 限閱', '限閱\n\n各位同事：', 'RESTRICTED'],
  ['Chinese 限閱文件（人事）', '限閱文件（人事）\n\n各位同事：', 'RESTRICTED'],
  ['Chinese 機密文件', '機密文件\n\n內容', 'CONFIDENTIAL'],
  ['Chinese 絕密 is TOP SECRET', '絕密\n\n內容', 'TOP SECRET'],
  ['Chinese 高度機密 is SECRET', '高度機密\n\n內容', 'SECRET'],
  ['Chinese 絕對機密 is TOP SECRET', '絕對機密\n內容', 'TOP SECRET'],
  ['bilingual 限閱文件 RESTRICTED', '限閱文件 RESTRICTED\n內容', 'RESTRICTED'],
  ['marking at the bottom only', 'Dear Sir,\n\nBody text.\n\nCONFIDENTIAL', 'CONFIDENTIAL'],
];

const prose: Array<[string, string]> = [
  ['"restricted area" in a sentence', 'Access to the restricted area is by permit only.'],
  ['a short line starting with Restricted prose', 'Restricted food permits'],
  ['機密 inside a sentence', '有關機密資料的處理，請參閱通告。'],
  ['Secretary is not SECRET', 'Secretary for Security\nDear Sir,'],
  ['the word confidential mid-sentence', 'Please treat this as confidential.'],
];

describe('gate marking detection (issue 9: detection misses markings)', () => {
  test.each(marked)('%s', (_name, text, level) => {
    expect(detectInText(text)).toBe(level);
  });
  test.each(prose)('prose stays unmarked: %s', (_name, text) => {
    expect(detectInText(text)).toBe('UNCLASSIFIED');
  });
});

describe('one marking reader (gate, checker and knowledge indexing agree)', () => {
  test.each(marked)('the checker reads %s as the gate does', (_name, text, level) => {
    expect(detectClassification(fromPlainText(text).blocks)).toBe(level);
    expect(detectMarking(text)).toBe(level);
  });
  test.each(prose)('the checker leaves prose unmarked too: %s', (_name, text) => {
    expect(detectClassification(fromPlainText(text).blocks)).toBe('UNCLASSIFIED');
  });
  test.each([
    ['絕對機密', 'TOP SECRET'],
    ['高度機密', 'SECRET'],
    ['機密', 'CONFIDENTIAL'],
    ['限閱文件', 'RESTRICTED'],
    ['絕密', 'TOP SECRET'],
    ['秘密', 'SECRET'],
    ['限閱', 'RESTRICTED'],
  ])('Hong Kong Government term and older form %s is %s', (term, level) => {
    expect(detectMarking(`${term}\n\n內文。`)).toBe(level);
  });
  test('the checker knows a loosely written marking is a marking, but not the canonical one', () => {
    const [loose, exact] = fromPlainText('**restricted**\nRESTRICTED').blocks;
    expect(readMarking(loose)).toMatchObject({ level: 'RESTRICTED', exact: false });
    expect(readMarking(exact)).toMatchObject({ level: 'RESTRICTED', exact: true });
  });
});
