import { checkerFor } from '../../src/core/checks/for-department';
import type { Classification } from '../../src/core/checks/types';
import { fromMarkdown } from '../../src/core/text/document';
import { templateCheckContext } from '../../src/core/templates/check-context';
import { ComposeError, composeDraft, type ComposeInput } from '../../src/core/templates/compose';
import { findDepartment, findTemplate, loadPacks } from '../../src/core/templates/loader';
import type { Lang } from '../../src/core/templates/schema';
import { memoryPackSource } from '../../src/core/templates/source';
import { loadPacksFromDir } from '../../src/node/pack-source';

const packs = loadPacksFromDir();
const TODAY = new Date('2026-11-28T02:00:00Z');

function compose(key: string, lang: Lang, fields: Record<string, string>, extra: Partial<ComposeInput> = {}) {
  const template = findTemplate(packs, key)!;
  const department = findDepartment(packs, template.department)!;
  return composeDraft({ template, department, fields, lang, today: TODAY, ...extra });
}

// Realistic field values for every bundled template, per language.
const FIELDS: Record<string, Record<Lang, Record<string, string>>> = {
  memo: {
    en: { to: 'Secretary for Environment and Ecology', ourRef: 'HQ/1234/56', tel: '2868 0000', subject: 'Anti-rodent Campaign 2026', signatoryName: 'LEE Ka-ming', cc: 'Assistant Director (Operations)' },
    'zh-HK': { to: '環境及生態局局長', ourRef: 'HQ/1234/56', tel: '2868 0000', subject: '2026年全港滅鼠運動', signatoryName: '李家明', cc: '助理署長（行動）' },
  },
  'reply-public': {
    en: {
      ourRef: 'HQ/1234/56', yourRef: 'ABC/123', receivedDate: '2026-11-20', addressee: 'Mr CHAN Tai-man',
      address: 'Flat A, 12/F, Wing Fat Building\n10 Kwong Fuk Road\nTai Po, New Territories', subject: 'Conditions at Tai Po Hui',
      contactOfficer: 'Mr LEE Ka-ming, Senior Officer', contactPhone: '2868 0000', signatoryName: 'WONG Siu-ming', cc: 'District Officer (Tai Po)', enclosures: 'Leaflet',
    },
    'zh-HK': {
      ourRef: 'HQ/1234/56', yourRef: 'ABC/123', receivedDate: '2026-11-20', addressee: '陳大文先生', address: '新界大埔廣福道10號\n永發大廈12樓A室',
      subject: '有關大埔墟一帶的情況', contactOfficer: '本署高級主任李先生', contactPhone: '2868 0000', signatoryName: '黃小明', cc: '大埔民政事務專員', enclosures: '單張',
    },
  },
  circular: {
    en: { circularNo: '5/2026', ourRef: 'HQ/CIR/5/2026', subject: 'Revised Inspection Arrangements', purpose: 'This circular sets out the revised arrangements for inspections.', effectiveDate: '2026-12-01', contactOfficer: 'Mr LEE Ka-ming', contactPhone: '2868 0000', signatoryName: 'WONG Siu-ming' },
    'zh-HK': { circularNo: '5/2026', ourRef: 'HQ/CIR/5/2026', subject: '修訂巡查安排', purpose: '本通告旨在公布修訂後的巡查安排。', effectiveDate: '2026-12-01', contactOfficer: '李家明先生', contactPhone: '2868 0000', signatoryName: '黃小明' },
  },
  minutes: {
    en: {
      meetingName: 'Fourth Meeting of the Working Group in 2026', meetingDate: '2026-11-20', meetingTime: '2:30 pm', venue: 'Conference Room, 44/F, Queensway Government Offices',
      chairman: 'Mr CHAN Tai-man, Assistant Director', present: 'Ms WONG Mei-ling, Chief Officer\nMr LEE Ka-ming, Senior Officer', secretary: 'Miss HO Wing-yan', lastMeetingDate: '2026-10-20', nextMeetingDate: '2026-12-18',
    },
    'zh-HK': {
      meetingName: '工作小組2026年第四次會議', meetingDate: '2026-11-20', meetingTime: '下午2時30分', venue: '金鐘道政府合署44樓會議室', chairman: '助理署長陳大文先生',
      present: '總主任黃美玲女士\n高級主任李家明先生', secretary: '何詠欣女士', lastMeetingDate: '2026-10-20', nextMeetingDate: '2026-12-18',
    },
  },
  'press-release': {
    en: { headline: 'Special arrangements for the holiday', lead: 'The Department today announced special arrangements for the holiday.' },
    'zh-HK': { headline: '假期特別安排', lead: '本署今日公布假期特別安排。' },
  },
  'email-reply': {
    en: { ourRef: 'HQ/99', subject: 'Enquiry about services', receivedDate: '2026-11-25', addressee: 'Ms WONG Mei-ling', contactOfficer: 'Mr LEE Ka-ming', contactPhone: '2868 0000', signatoryName: 'WONG Siu-ming' },
    'zh-HK': { ourRef: 'HQ/99', subject: '有關服務的查詢', receivedDate: '2026-11-25', addressee: '黃美玲女士', contactOfficer: '李家明先生', contactPhone: '2868 0000', signatoryName: '黃小明' },
  },
};
const POINTS: Record<Lang, string[]> = {
  en: ['The premises were inspected on 21 November 2026 and found to be in order', 'Please submit your comments by 5 December 2026', 'We will continue to monitor the situation closely'],
  'zh-HK': ['本署人員已於2026年11月21日視察有關處所，情況正常', '請於2026年12月5日前提交意見', '本署會繼續密切監察有關情況'],
};

const CASES = ['fehd', 'td'].flatMap((dept) => Object.keys(FIELDS).flatMap((id) => (['en', 'zh-HK'] as const).map((lang) => [`${dept}/${id}`, lang] as const)));

describe.each(CASES)('%s in %s', (key, lang) => {
  const id = key.split('/')[1];
  const classification: Classification = id === 'memo' ? 'RESTRICTED' : 'UNCLASSIFIED';
  const draft = compose(key, lang, FIELDS[id][lang], { keyPoints: POINTS[lang], classification });
  const template = findTemplate(packs, key)!;

  it('lays out every section that has content, in order, and leaves no placeholder', () => {
    expect(draft.markdown).not.toMatch(/\{\{|\}\}/);
    const ids = draft.sections.map((s) => s.id);
    expect(ids).toEqual(template.sections.map((s) => s.id).filter((s) => ids.includes(s)));
    for (const s of template.sections.filter((s) => s.required)) expect(ids).toContain(s.id);
    let from = 0;
    for (const s of draft.sections) {
      const at = draft.markdown.indexOf(s.text, from);
      expect(at).toBeGreaterThanOrEqual(from);
      from = at + s.text.length;
    }
  });

  it('places every key point', () => {
    const points = draft.sections.flatMap((s) => s.text.split('\n'));
    for (const p of POINTS[lang]) expect(points.some((line) => line.startsWith(p))).toBe(true);
  });

  it('is a clean draft: the department house rules find nothing in it', () => {
    const department = findDepartment(packs, template.department)!;
    const findings = checkerFor(department, template).check(fromMarkdown(draft.markdown), templateCheckContext(template, lang, draft.classification));
    expect(findings.map((f) => `${f.level} ${f.ruleId}: "${f.text}" ${f.message.en}`)).toEqual([]);
  });

  it('carries no warnings', () => {
    expect(draft.warnings).toEqual([]);
  });
});

describe('fields', () => {
  it.each([
    ['en', '2026-11-20', 'I refer to your letter of 20 November 2026 concerning the above.'],
    ['en', '20 Nov 2026', 'I refer to your letter of 20 November 2026 concerning the above.'],
    ['zh-HK', '2026-11-20', '閣下於2026年11月20日透過信件向本署提出的查詢收悉。'],
    ['zh-HK', '2026年11月20日', '閣下於2026年11月20日透過信件向本署提出的查詢收悉。'],
  ] as const)('formats a date field in %s (%s)', (lang, date, line) => {
    const draft = compose('fehd/reply-public', lang, { ...FIELDS['reply-public'][lang], receivedDate: date }, { keyPoints: ['x'] });
    expect(draft.markdown.split('\n')).toContain(line);
  });

  it.each([
    ['en', '28 November 2026', 'Date: 28 November 2026'],
    ['zh-HK', '2026年11月28日', '日期：2026年11月28日'],
  ] as const)('dates {{today}} in Hong Kong time (%s)', (lang, _, line) => {
    // 17:00 UTC on the 27th is 01:00 on the 28th in Hong Kong.
    const draft = compose('td/memo', lang, FIELDS.memo[lang], { keyPoints: ['x'], today: new Date('2026-11-27T17:00:00Z') });
    expect(draft.markdown.split('\n')).toContain(line);
  });

  it('shows enum values by their label in the draft language', () => {
    expect(compose('fehd/reply-public', 'en', { ...FIELDS['reply-public'].en, channel: 'email' }, { keyPoints: ['x'] }).markdown).toContain('I refer to your email of 20 November 2026');
    expect(compose('fehd/reply-public', 'zh-HK', { ...FIELDS['reply-public']['zh-HK'], channel: '1823' }, { keyPoints: ['x'] }).markdown).toContain('透過1823熱線向本署提出的查詢');
  });

  it('uses per-language defaults', () => {
    expect(compose('td/memo', 'en', FIELDS.memo.en, { keyPoints: ['x'] }).markdown).toContain('From: Commissioner for Transport');
    expect(compose('td/memo', 'zh-HK', FIELDS.memo['zh-HK'], { keyPoints: ['x'] }).markdown).toContain('發文者：運輸署署長');
  });

  it('drops lines whose fields are all empty', () => {
    const { yourRef: _y, enclosures: _e, cc: _c, ...fields } = FIELDS['reply-public'].en;
    const md = compose('fehd/reply-public', 'en', fields, { keyPoints: ['x'] }).markdown;
    expect(md).not.toMatch(/Your Ref\.|Encl\.|c\.c\./);
    expect(md).toContain('Our Ref.: HQ/1234/56');
  });

  it('lists missing required fields with their labels', () => {
    const run = () => compose('fehd/reply-public', 'en', { ourRef: 'HQ/1', receivedDate: '2026-11-20', contactPhone: '2868 0000' });
    expect(run).toThrow(ComposeError);
    expect(run).toThrow(
      'fehd/reply-public: missing required fields: subject (Subject / 標題), contactOfficer (Contact officer / 聯絡人員), signatoryName (Signing officer / 簽署人員姓名)',
    );
    try {
      run();
    } catch (err) {
      expect((err as ComposeError).zh).toBe('fehd/reply-public：未填寫必須欄位：標題（subject）、聯絡人員（contactOfficer）、簽署人員姓名（signatoryName）');
      expect((err as ComposeError).problems.map((p) => p.field)).toEqual(['subject', 'contactOfficer', 'signatoryName']);
    }
  });

  it.each([
    ['a date that is not one', { receivedDate: '2026-02-30' }, 'receivedDate (Date of the incoming letter / 來函日期): "2026-02-30" is not a date; write 2026-11-28, 28 November 2026 or 2026年11月28日'],
    ['a value not matching the pattern', { contactPhone: '12345' }, 'contactPhone (Contact telephone / 聯絡電話): "12345" does not match the expected form /[23]\\d{3} ?\\d{4}/'],
    ['an enum value that is not an option', { channel: 'fax' }, 'channel (Received by / 來函方式): "fax" is not one of letter, email, 1823'],
    ['a field the template does not have', { subjet: 'x' }, '"subjet" is not a field of this template; did you mean "subject"?'],
  ])('refuses %s', (_, bad, message) => {
    expect(() => compose('fehd/reply-public', 'en', { ...FIELDS['reply-public'].en, ...bad })).toThrow(`fehd/reply-public: ${message}`);
  });

  it('drafts a preview with missing fields shown by label when asked', () => {
    const draft = compose('fehd/reply-public', 'zh-HK', { ourRef: 'HQ/1', receivedDate: '2026-11-20', contactPhone: '2868 0000' }, { allowMissing: true });
    expect(draft.missingFields.map((f) => f.id)).toEqual(['subject', 'contactOfficer', 'signatoryName']);
    expect(draft.markdown).toContain('**〔標題〕**');
    expect(compose('fehd/reply-public', 'en', { ourRef: 'HQ/1', receivedDate: '2026-11-20', contactPhone: '2868 0000' }, { allowMissing: true }).markdown).toContain('**[Subject]**');
  });

  it('refuses a language the template does not have', () => {
    const template = { ...findTemplate(packs, 'fehd/memo')!, languages: ['en' as const] };
    expect(() => composeDraft({ template, department: findDepartment(packs, 'fehd')!, fields: {}, lang: 'zh-HK' })).toThrow('fehd/memo has no zh-HK version (languages: en)');
  });
});

describe('salutation and close', () => {
  it.each([
    ['en', 'Mr CHAN Tai-man', 'Dear Mr Chan,', 'Yours sincerely,'],
    ['en', 'Ms Wong Mei-ling', 'Dear Ms Wong,', 'Yours sincerely,'],
    ['en', 'Dr. Peter CHEUNG', 'Dear Dr Cheung,', 'Yours sincerely,'],
    ['en', 'Professor Mary Lau', 'Dear Professor Lau,', 'Yours sincerely,'],
    ['en', '', 'Dear Sir/Madam,', 'Yours faithfully,'],
    ['en', 'Chan Tai-man', 'Dear Sir/Madam,', 'Yours faithfully,'],
    ['zh-HK', '陳大文先生', '陳大文先生：', undefined],
    ['zh-HK', '', '先生／女士：', undefined],
  ] as const)('%s, addressee "%s" -> %s … %s', (lang, addressee, salutation, close) => {
    const draft = compose('fehd/reply-public', lang, { ...FIELDS['reply-public'][lang], addressee }, { keyPoints: ['x'] });
    const lines = draft.markdown.split('\n');
    expect(lines).toContain(salutation);
    if (close) {
      expect(lines).toContain(close);
      expect(lines.indexOf(close)).toBeGreaterThan(lines.indexOf(salutation));
    } else expect(draft.markdown).not.toMatch(/Yours/);
  });

  it('warns when the addressee has no title', () => {
    const draft = compose('fehd/email-reply', 'en', { ...FIELDS['email-reply'].en, addressee: 'Chan Tai-man' }, { keyPoints: ['x'] });
    expect(draft.warnings.map((w) => w.en)).toEqual(['The addressee "Chan Tai-man" has no title (Mr, Ms, Dr …), so the letter opens "Dear Sir/Madam".']);
  });

  it.each([
    ['fehd', 'en', '( WONG Siu-ming )\nfor Director of Food and Environmental Hygiene'],
    ['fehd', 'zh-HK', '食物環境衞生署署長\n（黃小明　代行）'],
    ['td', 'en', '( WONG Siu-ming )\nfor Commissioner for Transport'],
    ['td', 'zh-HK', '運輸署署長\n（黃小明　代行）'],
  ] as const)('%s signs in %s', (dept, lang, block) => {
    expect(compose(`${dept}/reply-public`, lang, FIELDS['reply-public'][lang], { keyPoints: ['x'] }).markdown).toContain(block);
  });
});

describe('key points', () => {
  it('go to the section whose keywords they mention, else to the catch-all section', () => {
    const draft = compose('fehd/memo', 'en', FIELDS.memo.en, {
      keyPoints: ['- the campaign will run from January 2027', '2) please reply by 5 December 2026', 'This memo seeks your views on the campaign'],
    });
    const text = Object.fromEntries(draft.sections.map((s) => [s.id, s.text]));
    expect(text).toEqual({
      purpose: 'This memo seeks your views on the campaign.',
      details: 'The campaign will run from January 2027.',
      action: 'Please reply by 5 December 2026.',
    });
  });

  it('become Chinese sentences with a full-width full stop', () => {
    const draft = compose('td/reply-public', 'zh-HK', FIELDS['reply-public']['zh-HK'], { keyPoints: ['本署已於上月完成調查.', '本署會繼續跟進', '建議已獲接納。'] });
    expect(draft.sections.find((s) => s.id === 'response')?.text).toBe('本署已於上月完成調查。\n\n建議已獲接納。');
    expect(draft.sections.find((s) => s.id === 'follow-up')?.text).toBe('本署會繼續跟進。');
  });

  it('leave out an optional section that gets none, and warn about an empty required one', () => {
    const draft = compose('fehd/reply-public', 'en', FIELDS['reply-public'].en);
    expect(draft.sections.map((s) => s.id)).toEqual(['acknowledgement', 'response', 'enquiries']);
    expect(draft.warnings.map((w) => w.en)).toEqual(['The required section "Response" has no content yet; add key points for it.']);
  });

  it('carry cited passages where the template allows citations', () => {
    const passages = [{ title: 'Pest Control Guidelines 2026', text: 'Rodent baits are checked every two weeks' }];
    const draft = compose('fehd/reply-public', 'en', FIELDS['reply-public'].en, { keyPoints: ['We have inspected the area'], passages });
    expect(draft.sections.find((s) => s.id === 'response')?.text).toBe('We have inspected the area.\n\nRodent baits are checked every two weeks (Source: Pest Control Guidelines 2026).');
    const zh = compose('fehd/reply-public', 'zh-HK', FIELDS['reply-public']['zh-HK'], { passages: [{ title: '《防治鼠患指引》', text: '鼠餌每兩星期檢查一次。' }] });
    expect(zh.markdown).toContain('鼠餌每兩星期檢查一次（資料來源：《防治鼠患指引》）。');
    const minutes = compose('fehd/minutes', 'en', FIELDS.minutes.en, { keyPoints: ['x'], passages });
    expect(minutes.markdown).not.toContain('Rodent baits');
    expect(minutes.warnings.map((w) => w.en)).toEqual(['This template does not cite knowledge; the retrieved passages were left out.']);
  });

  it('repeat a "- {{points}}" line as a list', () => {
    const files = {
      'demo/department.yaml': 'id: demo\nnames: { zh-HK: 示範署, en: Demonstration Department }\npolicy: { providers: [{ id: offline, external: false, maxClassification: TOP SECRET }] }\n',
      'demo/t/template.yaml':
        'id: t\nkind: minutes\ntitles: { zh-HK: 紀錄, en: Notes }\ndescription: { zh-HK: 測試。, en: Test. }\nlanguages: [en]\n' +
        'sections:\n  - id: items\n    titles: { zh-HK: 事項, en: Items }\n    acceptsKeyPoints: true\n',
      'demo/t/body.en.md': '{{#section items}}\n## {{title}}\n\n- {{points}}\n{{/section}}\n',
    };
    const loaded = loadPacks(memoryPackSource(files));
    expect(loaded.diagnostics).toEqual([]);
    const draft = composeDraft({ template: findTemplate(loaded, 'demo/t')!, department: loaded.departments[0], fields: {}, keyPoints: ['one', 'two'], lang: 'en' });
    expect(draft.markdown).toBe('## Items\n\n- One.\n- Two.\n');
  });
});

describe('classification marking', () => {
  it.each([
    ['RESTRICTED', 'en', 'RESTRICTED'],
    ['RESTRICTED', 'zh-HK', '限閱文件'],
    ['CONFIDENTIAL', 'en', 'CONFIDENTIAL'],
    ['CONFIDENTIAL', 'zh-HK', '機密'],
    ['SECRET', 'zh-HK', '高度機密'],
    ['TOP SECRET', 'en', 'TOP SECRET'],
    ['TOP SECRET', 'zh-HK', '絕對機密'],
  ] as const)('%s in %s is marked "%s" on the first and last lines', (classification, lang, marking) => {
    const draft = compose('td/memo', lang, FIELDS.memo[lang], { keyPoints: ['x'], classification });
    const lines = draft.markdown.trimEnd().split('\n');
    expect([lines[0], lines[lines.length - 1]]).toEqual([marking, marking]);
    expect(lines.filter((l) => l === marking)).toHaveLength(2);
    expect(draft.classification).toBe(classification);
  });

  it('is absent from an UNCLASSIFIED draft', () => {
    const draft = compose('td/memo', 'en', FIELDS.memo.en, { keyPoints: ['x'] });
    expect(draft.markdown.startsWith('# MEMO\n')).toBe(true);
    expect(draft.markdown).not.toMatch(/RESTRICTED|CONFIDENTIAL|SECRET/);
  });
});

describe('the offline label and determinism', () => {
  it('says the draft was made offline, outside the document text', () => {
    const draft = compose('fehd/email-reply', 'en', FIELDS['email-reply'].en, { keyPoints: ['x'] });
    expect(draft.composer).toBe('offline');
    expect(draft.notice.en).toMatch(/^Drafted offline by Wenshu/);
    expect(draft.notice['zh-HK']).toMatch(/離線擬備/);
    expect(draft.markdown).not.toMatch(/offline|離線/);
  });

  it('gives the same draft for the same input', () => {
    const a = compose('td/circular', 'zh-HK', FIELDS.circular['zh-HK'], { keyPoints: POINTS['zh-HK'] });
    const b = compose('td/circular', 'zh-HK', FIELDS.circular['zh-HK'], { keyPoints: POINTS['zh-HK'] });
    expect(a).toEqual(b);
  });
});

describe('templateCheckContext', () => {
  it('hands the checker the required sections that carry a heading, with both titles', () => {
    expect(templateCheckContext(findTemplate(packs, 'fehd/circular')!, 'en')).toEqual({
      classification: 'UNCLASSIFIED',
      documentKind: 'circular',
      lang: 'en',
      requiredSections: [
        { id: 'purpose', titles: ['目的', 'Purpose'] },
        { id: 'details', titles: ['詳情', 'Details'] },
        { id: 'enquiries', titles: ['查詢', 'Enquiries'] },
      ],
    });
  });

  it('leaves out sections a reader cannot find by title (a letter has none), and takes an override', () => {
    expect(templateCheckContext(findTemplate(packs, 'td/reply-public')!, 'zh-HK', 'RESTRICTED')).toEqual({ classification: 'RESTRICTED', documentKind: 'letter', lang: 'zh-HK', requiredSections: [] });
  });
});
