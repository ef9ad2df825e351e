/**
 * Offline minutes: meeting notes (or a transcript) laid into the minutes template's own sections by cue words —
 * 出席 / Present, 列席 / In attendance, 缺席 / Absent, 續議事項 / Matters arising, numbered agenda items,
 * 決定 / 議決 / Decided / Agreed, 跟進 / Action, 其他事項 / Any other business, 下次會議 / Next meeting — with Chinese
 * lines formalised. Nothing is rewritten in reported speech: that needs a model, and the result says so.
 */
import type { Template } from '../templates/types';
import { detectLanguage } from '../text/script';
import { formalise } from './formalise';
import { centrality } from './summarise';
import type { Lang, Note, TransformResult } from './types';

export type MinutesStyle = 'decisions' | 'summary' | 'detailed';

export interface MinutesOptions {
  style: MinutesStyle;
  lang: Lang;
}

export interface MinutesSection {
  /** The template's section id. */
  id: string;
  /** The section's title in the minutes' language. */
  title: string;
  lines: string[];
}

export interface MinutesResult extends TransformResult {
  sections: MinutesSection[];
  /** The meeting's name, when the notes start with it. */
  meetingName?: string;
}

type LineKind = 'decision' | 'action' | 'point';

interface Line {
  text: string;
  kind: LineKind;
}

interface Item {
  title?: string;
  lines: Line[];
}

/** Section cues, by the section ids of the bundled minutes templates. */
const HEADERS: Array<{ id: string; re: RegExp }> = [
  { id: 'in-attendance', re: /^(?:列席(?:者|人士)?|In attendance)(?![A-Za-z])/i },
  { id: 'absent', re: /^(?:因事缺席(?:者)?|缺席(?:者)?|Absent(?: with apologies)?|Apologies)(?![A-Za-z])/i },
  { id: 'attendance', re: /^(?:出席(?:者|人士|名單)?|與會者|Present|Attendance|Attendees|Members present)(?![A-Za-z])/i },
  { id: 'confirmation', re: /^(?:通過上次會議紀錄|上次會議紀錄|Confirmation of (?:the )?minutes|Minutes of the (?:last|previous) meeting)/i },
  { id: 'matters-arising', re: /^(?:續議事項|續議|Matters arising)(?![A-Za-z])/i },
  { id: 'any-other-business', re: /^(?:其他事項|AOB|A\.O\.B\.|Any other business)(?![A-Za-z])/i },
  { id: 'discussion', re: /^(?:討論事項|議程|Items? for discussion|Agenda)(?![A-Za-z])/i },
  { id: 'next-meeting', re: /^(?:下次會議(?:日期)?|(?:Date of )?(?:the )?next meeting)(?![A-Za-z])/i },
];

const DECISION =
  /^(?:會議|委員會|小組|工作小組|主席|與會者|委員|成員)?(?:決定|議決|決議|一致同意|同意|贊成|一致通過)|^(?:會議|委員會|小組|工作小組|與會者|委員)(?:通過|接納|批准)|獲(?:得)?通過|^(?:Decided|Agreed|Resolved|Decision|Endorsed)\b|\b(?:the meeting|members|the committee|the working group|the group)\s+(?:agreed|decided|resolved|endorsed)\b|\bit was (?:agreed|decided|resolved)\b/i;
const ACTION = /^(?:跟進|負責|行動|執行)(?:人|者|部門|事項)?\s*[：:]|^Action(?:\s+by)?\s*[：:]|^Follow[- ]up\s*[：:]|負責跟進|(?:須|會|將|需)(?:盡快)?跟進|\bto follow up\b|\bwill follow up\b|\(Action:/i;
const NEXT = /下次會議|next meeting/i;
const ITEM = /^(?:(\d{1,2})[.)、．]|[（(]?([一二三四五六七八九十]{1,3})[)）、]|第([一二三四五六七八九十\d]{1,3})項|Item\s+(\d{1,2})[.:]?)\s*(.*)$/i;
const BULLET = /^(?:[-*•·]\s+|#{1,6}\s+)/;
const LIST_SECTIONS = new Set(['attendance', 'in-attendance', 'absent']);
/** Sections kept whole in every style: who was there, the last minutes, the next meeting. */
const PLAIN_SECTIONS = new Set([...LIST_SECTIONS, 'confirmation', 'next-meeting']);
/** A first line that names the meeting rather than saying something in it. */
const MEETING_NAME = /(?:會議|會議紀錄|工作小組|委員會|[Mm]eeting|[Mm]inutes)\s*$/;

const FALLBACK: Record<string, string[]> = {
  'in-attendance': ['attendance'],
  absent: ['attendance'],
  confirmation: ['matters-arising', 'discussion'],
  'matters-arising': ['discussion'],
  'any-other-business': ['discussion'],
};

const PLACEHOLDER: Record<Lang, string> = { 'zh-HK': '（待補充）', en: '(to be completed)' };

export function minutesFromNotes(notes: string, template: Template, options: MinutesOptions): MinutesResult {
  const { style, lang } = options;
  const ids = new Set(template.sections.map((s) => s.id));
  const discussionId = ids.has('discussion') ? 'discussion' : (template.sections.find((s) => s.acceptsKeyPoints) ?? template.sections[0]).id;
  const resolve = (id: string): string => {
    if (ids.has(id)) return id;
    for (const alt of FALLBACK[id] ?? []) if (ids.has(alt)) return alt;
    if (id === 'next-meeting') return template.sections[template.sections.length - 1].id;
    return discussionId;
  };
  const titleOf = (id: string) => {
    const s = template.sections.find((x) => x.id === id)!;
    return lang === 'zh-HK' ? s.titles['zh-HK'] : s.titles.en;
  };
  // Section titles of the template itself are headers too, in either language.
  const titleHeaders = template.sections.flatMap((s) => [s.titles['zh-HK'], s.titles.en].map((t) => ({ id: s.id, t: t.toLowerCase() })));

  const plain = new Map<string, string[]>(); // list sections and next meeting
  const items = new Map<string, Item[]>(); // item sections
  const push = (id: string, text: string) => plain.set(id, [...(plain.get(id) ?? []), text]);
  const itemsOf = (id: string) => {
    let list = items.get(id);
    if (!list) items.set(id, (list = []));
    return list;
  };
  let section = resolve('discussion');
  let current: Item | undefined;
  let total = 0;
  const chineseNotes = /\p{Script=Han}/u.test(notes);

  const header = (line: string): { id: string; rest: string } | undefined => {
    const lower = line.toLowerCase();
    for (const h of titleHeaders) {
      if (lower === h.t || lower.startsWith(`${h.t}：`) || lower.startsWith(`${h.t}:`)) return { id: h.id, rest: line.slice(h.t.length + 1).trim() };
    }
    for (const h of HEADERS) {
      const m = h.re.exec(line);
      if (!m) continue;
      const rest = line.slice(m[0].length).replace(/^\s*[：:]\s*/, '').trim();
      // A cue word that starts a sentence ("Present were ...") is a header only when short or followed by a colon.
      if (rest && !/^\s*[：:]/.test(line.slice(m[0].length)) && line.length > 20) continue;
      return { id: h.id, rest };
    }
    return undefined;
  };

  let meetingName: string | undefined;
  for (const raw of notes.split(/\r?\n/)) {
    const line = raw.trim().replace(BULLET, '').trim();
    if (!line) continue;
    total++;
    if (total === 1 && line.length <= 60 && MEETING_NAME.test(line) && !header(line) && !ITEM.test(line)) {
      meetingName = line.replace(/^Minutes of (?:the )?/i, '').replace(/會議紀錄$/, '').trim();
      continue;
    }
    if (NEXT.test(line) && !/^(?:續議|matters arising)/i.test(line)) {
      const h = header(line);
      const id = resolve('next-meeting');
      if (h?.id === 'next-meeting' && !h.rest) {
        section = id;
        current = undefined;
      } else push(id, h?.id === 'next-meeting' ? h.rest : line);
      continue;
    }
    const h = header(line);
    if (h) {
      section = resolve(h.id);
      current = undefined;
      if (h.rest) {
        if (LIST_SECTIONS.has(h.id) || LIST_SECTIONS.has(section)) for (const name of h.rest.split(/[、,，;；]/)) name.trim() && push(section, name.trim());
        else if (h.id === 'confirmation') push(section, line);
        else if (PLAIN_SECTIONS.has(h.id)) push(section, h.rest);
        else add(h.rest);
      }
      continue;
    }
    // 主席：陳大文 (the chairman, in the attendance) — but 主席：好，我哋開始 is a speaker's turn.
    const chair = /^(?:主席|Chairman|Chair)\s*[：:]\s*(.+)$/i.exec(line);
    if (chair && chair[1].length <= 12 && !/[，。！？,.!?]/.test(chair[1])) {
      push(resolve('attendance'), lang === 'zh-HK' || /\p{Script=Han}/u.test(chair[1]) ? `${chair[1]}（主席）` : `${chair[1]} (Chairman)`);
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      // Numbered items are agenda items: under 續議事項 only when they come first there.
      const arising = section === resolve('matters-arising') && section !== discussionId && (items.get(section) ?? []).some((i) => i.lines.length);
      if (PLAIN_SECTIONS.has(section) || arising || section === resolve('next-meeting') || section === resolve('confirmation')) section = discussionId;
      current = { title: item[5].trim() || undefined, lines: [] };
      itemsOf(section).push(current);
      continue;
    }
    if (LIST_SECTIONS.has(section)) {
      for (const name of line.split(/[、;；]/)) name.trim() && push(section, name.trim());
      continue;
    }
    if (PLAIN_SECTIONS.has(section) && [...PLAIN_SECTIONS].some((id) => resolve(id) === section && id === section)) {
      push(section, line);
      continue;
    }
    add(line);
  }

  function add(text: string): void {
    const kind: LineKind = DECISION.test(text) ? 'decision' : ACTION.test(text) ? 'action' : 'point';
    if (!current) {
      current = { lines: [] };
      itemsOf(section).push(current);
    }
    current.lines.push({ text, kind });
  }

  const formal = (text: string, fullStops = true): string => (lang === 'zh-HK' && detectLanguage(text) === 'zh' ? formalise(text, { fullStops }).text : text);
  let dropped = 0;
  let itemNo = 0;
  const sections: MinutesSection[] = [];
  for (const spec of template.sections) {
    const lines: string[] = [];
    for (const text of plain.get(spec.id) ?? []) lines.push(formal(text, spec.id === 'confirmation'));
    for (const it of items.get(spec.id) ?? []) {
      let keep = it.lines;
      if (style === 'decisions') keep = it.lines.filter((l) => l.kind !== 'point');
      else if (style === 'summary') {
        const points = it.lines.filter((l) => l.kind === 'point');
        if (points.length > 2) {
          const scores = centrality(points.map((p) => p.text));
          const best = new Set(points.map((p, i) => ({ p, s: scores[i], i })).sort((a, b) => b.s - a.s || a.i - b.i).slice(0, 2).map((x) => x.p));
          keep = it.lines.filter((l) => l.kind !== 'point' || best.has(l));
        }
      }
      dropped += it.lines.length - keep.length;
      if (style === 'decisions' && !keep.length) continue;
      if (it.title) lines.push(`${++itemNo}. ${formal(it.title, false)}`);
      for (const l of keep) lines.push(formal(l.text));
    }
    if (!lines.length && !spec.required) continue;
    sections.push({ id: spec.id, title: titleOf(spec.id), lines: lines.length ? lines : [PLACEHOLDER[lang]] });
  }

  const heading = meetingName
    ? lang === 'zh-HK'
      ? `${meetingName}會議紀錄`.replace(/會議會議紀錄$/, '會議紀錄')
      : `Minutes of the ${meetingName}`
    : lang === 'zh-HK'
      ? template.titles['zh-HK']
      : template.titles.en;
  const text = [`# ${heading}`, ...sections.flatMap((s) => ['', `## ${s.title}`, '', ...s.lines])].join('\n');
  const noteList: Note[] = [];
  if (!total) {
    noteList.push({ 'zh-HK': '沒有會議筆記，只列出範本的必需部分。', en: 'There were no notes: only the template’s required sections are laid out.' });
  } else {
    noteList.push({
      'zh-HK': `已按提示詞（出席、決定、跟進、下次會議、議程編號等）把${total}行筆記放入範本「${template.titles['zh-HK']}」的各部分${lang === 'zh-HK' && chineseNotes ? '，並把中文改為書面語' : ''}；內容未改寫為第三人稱轉述，使用前請修訂。`,
      en: `Laid ${total} line${total === 1 ? '' : 's'} of notes into the sections of the template "${template.titles.en}" by their cue words (Present, Decided, Action, Next meeting, numbered items)${lang === 'zh-HK' && chineseNotes ? ', with the Chinese formalised' : ''}; nothing was rewritten in reported speech, so edit before use.`,
    });
  }
  if (style === 'decisions') noteList.push({ 'zh-HK': `只保留決定及跟進事項（略去${dropped}行討論）。`, en: `Kept only decisions and follow-up actions (${dropped} line${dropped === 1 ? '' : 's'} of discussion left out).` });
  if (style === 'summary' && dropped) noteList.push({ 'zh-HK': `每項議程只保留最具代表性的兩點討論（略去${dropped}行）。`, en: `Kept the two most central points of discussion of each item (${dropped} line${dropped === 1 ? '' : 's'} left out).` });
  const empty = sections.filter((s) => s.lines[0] === PLACEHOLDER[lang]).map((s) => s.title);
  if (empty.length) noteList.push({ 'zh-HK': `以下必需部分在筆記中找不到，請補充：${empty.join('、')}。`, en: `The notes have nothing for these required sections; complete them: ${empty.join(', ')}.` });
  if (lang === 'en' && chineseNotes) noteList.push({ 'zh-HK': '筆記為中文，已按原文放入英文範本；翻譯須使用語言模型。', en: 'The notes are in Chinese and were laid into the English template as written; translating them needs a model.' });
  return { action: 'minutes', text, partial: true, changes: total, notes: noteList, sections, meetingName };
}
