import { createChecker } from '../../src/core/checks';
import { fromPlainText } from '../../src/core/text/document';
import { minutesFromNotes, type MinutesResult } from '../../src/core/transform';
import { loadPacksFromDir } from '../../src/node/pack-source';

const packs = loadPacksFromDir();
const template = (key: string) => {
  const [dept, id] = key.split('/');
  return packs.departments.find((d) => d.id === dept)!.templates.find((t) => t.id === id)!;
};
const fehd = template('fehd/minutes');
const td = template('td/minutes');
const section = (r: MinutesResult, id: string) => r.sections.find((s) => s.id === id)?.lines ?? [];

const ZH_NOTES = `防治鼠患工作小組第四次會議
出席：陳主席、環保署李先生、食環署張女士
列席：運輸署黃先生
缺席：房屋署何女士
上次會議紀錄無須修訂，獲得通過
續議事項
上次講過嘅鼠餌站，而家已經裝咗一半
1. 旺角後巷鼠患
張女士話啲垃圾成日堆喺後巷，老鼠好多
李先生建議加裝鼠餌站
會議決定每星期清理兩次
跟進：食環署 — 12月底前
2. 新街市設計
黃先生話新街市嘅排水要改善
同意交由建築署研究
其他事項
主席提醒大家交周年報告
下次會議：2027年1月15日下午3時`;

describe('minutesFromNotes', () => {
  it('lays the notes into the template’s own sections by their cues (detailed)', () => {
    const r = minutesFromNotes(ZH_NOTES, fehd, { style: 'detailed', lang: 'zh-HK' });
    expect(r.action).toBe('minutes');
    expect(r.partial).toBe(true);
    // The template's section ids and titles, in the template's order.
    expect(r.sections.map((s) => s.id)).toEqual(['attendance', 'in-attendance', 'absent', 'confirmation', 'matters-arising', 'discussion', 'any-other-business', 'next-meeting']);
    expect(r.sections.map((s) => s.title)).toEqual(fehd.sections.map((s) => s.titles['zh-HK']));
    expect(section(r, 'attendance')).toEqual(['陳主席', '環保署李先生', '食環署張女士']);
    expect(section(r, 'in-attendance')).toEqual(['運輸署黃先生']);
    expect(section(r, 'absent')).toEqual(['房屋署何女士']);
    expect(section(r, 'confirmation')).toEqual(['上次會議紀錄無須修訂，獲得通過。']);
    expect(section(r, 'matters-arising')).toEqual(['上次講過的鼠餌站，現在已經裝了一半。']);
    expect(section(r, 'discussion')).toEqual([
      '1. 旺角後巷鼠患',
      '張女士話些垃圾經常堆在後巷，老鼠好多。',
      '李先生建議加裝鼠餌站。',
      '會議決定每星期清理兩次。',
      '跟進：食環署 — 12月底前',
      '2. 新街市設計',
      '黃先生話新街市的排水要改善。',
      '同意交由建築署研究。',
    ]);
    expect(section(r, 'any-other-business')).toEqual(['主席提醒大家交周年報告。']);
    expect(r.meetingName).toBe('防治鼠患工作小組第四次會議');
    expect(section(r, 'next-meeting')).toEqual(['2027年1月15日下午3時']);
    // The markdown has the titles as headings, and no Cantonese left.
    expect(r.text).toMatch(/^# 防治鼠患工作小組第四次會議紀錄\n\n## 出席者\n\n陳主席\n/);
    expect(createChecker({ ruleSets: ['hk-zh-formal'] }).check(fromPlainText(r.text))).toEqual([]);
    expect(r.notes[0].en).toMatch(/^Laid 18 lines of notes into the sections of the template "Minutes of meeting" by their cue words/);
  });

  it('keeps only decisions and actions in the decisions style', () => {
    const r = minutesFromNotes(ZH_NOTES, fehd, { style: 'decisions', lang: 'zh-HK' });
    expect(section(r, 'discussion')).toEqual(['1. 旺角後巷鼠患', '會議決定每星期清理兩次。', '跟進：食環署 — 12月底前', '2. 新街市設計', '同意交由建築署研究。']);
    expect(section(r, 'confirmation')).toEqual(['上次會議紀錄無須修訂，獲得通過。']);
    expect(r.sections.map((s) => s.id)).not.toContain('matters-arising');
    expect(r.sections.map((s) => s.id)).not.toContain('any-other-business');
    expect(section(r, 'attendance')).toHaveLength(3);
    expect(section(r, 'next-meeting')).toEqual(['2027年1月15日下午3時']);
    expect(r.notes.map((n) => n.en)).toContain('Kept only decisions and follow-up actions (5 lines of discussion left out).');
  });

  it('keeps at most two points of discussion an item in the summary style, with every decision and action', () => {
    const notes = ['1. Bus route 26', 'Members noted the low patronage of route 26.', 'The operator said the route ran at a loss.', 'A member asked about the bus stop at Tsim Sha Tsui.', 'Members discussed the frequency of route 26 in the evening peak.', 'Agreed: route 26 to be rationalised from March 2027.', 'Action: TD to consult the District Council.'].join('\n');
    const r = minutesFromNotes(notes, td, { style: 'summary', lang: 'en' });
    const lines = section(r, 'discussion');
    expect(lines[0]).toBe('1. Bus route 26');
    expect(lines.slice(-2)).toEqual(['Agreed: route 26 to be rationalised from March 2027.', 'Action: TD to consult the District Council.']);
    expect(lines).toHaveLength(5);
    expect(r.notes.map((n) => n.en)).toContain('Kept the two most central points of discussion of each item (2 lines left out).');
  });

  it('reads English notes into the English titles, and keeps required sections with a placeholder', () => {
    const notes = ['Present: Mr Chan (Chairman), Ms Lee, Mr Wong', 'Item 1: Road works at Nathan Road', 'TD reported progress of the works.', 'It was agreed that the works would finish by June 2027.', 'Next meeting: 15 January 2027'].join('\n');
    const r = minutesFromNotes(notes, td, { style: 'detailed', lang: 'en' });
    expect(r.sections.map((s) => s.title)).toEqual(['Present', 'Items for Discussion', 'Date of Next Meeting']);
    expect(section(r, 'attendance')).toEqual(['Mr Chan (Chairman)', 'Ms Lee', 'Mr Wong']);
    expect(section(r, 'discussion')).toEqual(['1. Road works at Nathan Road', 'TD reported progress of the works.', 'It was agreed that the works would finish by June 2027.']);
    expect(section(r, 'next-meeting')).toEqual(['15 January 2027']);
    const empty = minutesFromNotes('', td, { style: 'detailed', lang: 'en' });
    expect(empty.sections.map((s) => [s.id, s.lines])).toEqual([
      ['attendance', ['(to be completed)']],
      ['discussion', ['(to be completed)']],
    ]);
    expect(empty.notes.map((n) => n.en).join(' ')).toMatch(/no notes/);
  });

  it('takes the template’s section titles as headers too', () => {
    const r = minutesFromNotes('討論事項\n旺角街市翻新\n因事缺席者\n何女士', fehd, { style: 'detailed', lang: 'zh-HK' });
    expect(section(r, 'discussion')).toEqual(['旺角街市翻新。']);
    expect(section(r, 'absent')).toEqual(['何女士']);
  });
});
