/**
 * Official names across the two languages: the glossary-only translation (offline), the term pairs a model is
 * given for a text, and the check of a model's output against them.
 */
import type { Finding } from '../checks/types';
import { fromMarkdown, type Block, type DocumentModel } from '../text/document';
import { isHan, isLatinWordChar } from '../text/script';
import { nameIndex, type NameEntry, type NameHit } from './names';
import type { GlossaryTerm, Lang, Note, TransformResult } from './types';

const LANG_NAME: Record<Lang, Note> = { 'zh-HK': { 'zh-HK': '中文', en: 'Chinese' }, en: { 'zh-HK': '英文', en: 'English' } };

/** The name in `to` for a hit: a short form for a short form where the other language has one. */
function rendering(hit: NameHit, to: Lang): string {
  if (hit.form.type === 'short' && hit.entry.short[to]) return hit.entry.short[to]!;
  return hit.entry[to];
}

/** Spaces around an English name put into Chinese text, or around a Chinese one put into English, where words touch. */
function spaced(text: string, start: number, end: number, insert: string): string {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  const latin = /[A-Za-z]/.test(insert);
  const needBefore = start > 0 && (latin ? isLatinWordChar(before) : false);
  const needAfter = end < text.length && (latin ? isLatinWordChar(after) : false);
  return `${needBefore ? ' ' : ''}${insert}${needAfter ? ' ' : ''}`;
}

/**
 * Offline translation: only the official names (the department glossary, the bureaux and departments) are put
 * into the other language, longest first; everything else is left as it is, and the result says so.
 */
export function translateGlossaryOnly(text: string, from: Lang, to: Lang, glossary: readonly GlossaryTerm[] = []): TransformResult {
  const partialNote: Note = {
    'zh-HK': '只翻譯了正式名稱及詞彙表用語；其餘內容須由語言模型或翻譯人員翻譯。',
    en: 'Only official names were translated; the rest needs a model or a translator.',
  };
  if (from === to) {
    return { action: 'translate', text, partial: true, changes: 0, notes: [{ 'zh-HK': `原文及譯文同為${LANG_NAME[to]['zh-HK']}，未有翻譯。`, en: `The source and the target are both ${LANG_NAME[to].en}; nothing was translated.` }] };
  }
  const hits = nameIndex(glossary)
    .find(text)
    .filter((h) => h.form.lang === from);
  let out = '';
  let at = 0;
  const done: string[] = [];
  const deprecated: NameHit[] = [];
  for (const h of hits) {
    const target = rendering(h, to);
    out += text.slice(at, h.start) + spaced(text, h.start, h.end, target);
    at = h.end;
    const pair = `${h.text} → ${target}`;
    if (!done.includes(pair)) done.push(pair);
    if (h.form.type === 'deprecated') deprecated.push(h);
  }
  out += text.slice(at);
  const notes: Note[] = [];
  if (hits.length) {
    const list = done.slice(0, 10).join('; ');
    notes.push({ 'zh-HK': `已按詞彙表翻譯${hits.length}處名稱（${list}）。`, en: `Translated ${hits.length} official name${hits.length === 1 ? '' : 's'} by the glossary (${list}).` });
  } else {
    notes.push({ 'zh-HK': '文本中沒有詞彙表用語或機構名稱，未有翻譯任何內容。', en: 'No glossary term or official name was found in the text; nothing was translated.' });
  }
  if (deprecated.length) {
    const list = [...new Set(deprecated.map((h) => `${h.text} → ${h.entry[from]}`))].join('; ');
    notes.push({ 'zh-HK': `原文用了舊稱或已棄用的寫法，已按現稱翻譯：${list}。`, en: `The source uses outdated or deprecated forms, translated as the current names: ${list}.` });
  }
  notes.push(partialNote);
  return { action: 'translate', text: out, partial: true, changes: hits.length, notes };
}

export interface GlossaryPair {
  en: string;
  'zh-HK': string;
  /** The department's glossary, or the built-in names of bureaux and departments. */
  source: 'department' | 'hk-gov-names';
  deprecated?: { en?: string[]; 'zh-HK'?: string[] };
  note?: string;
}

/** The term pairs whose either side (or a short or deprecated form) occurs in the text, in order of first mention. */
export function glossaryPairsFor(text: string, glossary: readonly GlossaryTerm[] = []): GlossaryPair[] {
  const seen = new Set<string>();
  const out: GlossaryPair[] = [];
  for (const h of nameIndex(glossary).find(text)) {
    if (seen.has(h.entry.id)) continue;
    seen.add(h.entry.id);
    const e = h.entry;
    const pair: GlossaryPair = { en: e.en, 'zh-HK': e['zh-HK'], source: e.source };
    if (e.deprecated.en.length || e.deprecated['zh-HK'].length) {
      pair.deprecated = {};
      if (e.deprecated.en.length) pair.deprecated.en = [...e.deprecated.en];
      if (e.deprecated['zh-HK'].length) pair.deprecated['zh-HK'] = [...e.deprecated['zh-HK']];
    }
    if (e.note) pair.note = e.note;
    out.push(pair);
  }
  return out;
}

export interface Direction {
  from: Lang;
  to: Lang;
}

const RULE = 'bilingual/glossary';

/**
 * Where the output does not render a glossary term of the source with its pair (or uses a deprecated form): one
 * finding (ruleId bilingual/glossary, level error) per term, on the output's text (blocks as `fromMarkdown(output)`
 * when the output is a string), with the fix when the glossary makes it unambiguous.
 */
export function glossaryDeviations(source: string, output: string | DocumentModel, glossary: readonly GlossaryTerm[] = [], direction: Direction): Finding[] {
  const index = nameIndex(glossary);
  const doc = typeof output === 'string' ? fromMarkdown(output) : output;
  const { from, to } = direction;
  const findings: Finding[] = [];
  const srcHits = index.find(source).filter((h) => h.form.lang === from || (from === to && h.form.lang === to));
  const expected = new Map<string, NameHit>();
  for (const h of srcHits) if (!expected.has(h.entry.id)) expected.set(h.entry.id, h);

  const outHits: Array<{ block: Block; hit: NameHit }> = [];
  for (const block of doc.blocks) for (const hit of index.find(block.text)) outHits.push({ block, hit });

  const emit = (block: Block, start: number, end: number, message: Note, fix?: string) => {
    findings.push({ ruleId: RULE, level: 'error', message, block: block.id, start, end, text: block.text.slice(start, end), fixes: fix !== undefined ? [{ replacement: fix }] : [] });
  };

  // Deprecated forms in the output, whatever the source said.
  for (const { block, hit } of outHits) {
    if (hit.form.type !== 'deprecated' || hit.form.lang !== to) continue;
    const want = hit.entry[to];
    emit(block, hit.start, hit.end, {
      'zh-HK': `「${hit.text}」是舊稱或已棄用的寫法，應寫作「${want}」。`,
      en: `"${hit.text}" is an outdated or deprecated form; write "${want}".`,
    }, want);
  }

  const rendered = new Set(outHits.filter(({ hit }) => hit.form.lang === to && hit.form.type !== 'deprecated').map(({ hit }) => hit.entry.id));
  const renderedDeprecated = new Set(outHits.filter(({ hit }) => hit.form.lang === to && hit.form.type === 'deprecated').map(({ hit }) => hit.entry.id));
  const strangers = outHits.filter(({ hit }) => hit.form.lang === to && hit.form.type !== 'deprecated' && !expected.has(hit.entry.id) && !srcHits.some((s) => s.entry.id === hit.entry.id));
  const usedStrangers = new Set<(typeof strangers)[number]>();
  const claimed: Array<{ block: string; start: number; end: number }> = outHits.map(({ block, hit }) => ({ block: block.id, start: hit.start, end: hit.end }));

  for (const [id, src] of expected) {
    if (rendered.has(id)) continue;
    const want = src.entry[to];
    const wantShown = rendering(src, to);
    // (a) another body of the same kind where this one should be.
    const stranger = strangers.find((s) => !usedStrangers.has(s) && kindOf(s.hit.entry) === kindOf(src.entry));
    if (stranger) {
      usedStrangers.add(stranger);
      emit(stranger.block, stranger.hit.start, stranger.hit.end, {
        'zh-HK': `原文的「${src.text}」應譯作「${want}」，而不是「${stranger.hit.text}」。`,
        en: `The source's "${src.text}" is "${want}" in ${LANG_NAME[to].en}, not "${stranger.hit.text}".`,
      }, stranger.hit.form.type === 'short' && src.entry.short[to] ? src.entry.short[to] : want);
      continue;
    }
    // (b) a near miss: the name written almost right.
    const near = nearMiss(doc, [want, ...(src.entry.short[to] ? [src.entry.short[to]!] : [])], to, claimed);
    if (near) {
      claimed.push({ block: near.block.id, start: near.start, end: near.end });
      emit(near.block, near.start, near.end, {
        'zh-HK': `原文的「${src.text}」的正式${LANG_NAME[to]['zh-HK']}名稱是「${want}」，不是「${near.block.text.slice(near.start, near.end)}」。`,
        en: `The official ${LANG_NAME[to].en} for the source's "${src.text}" is "${want}", not "${near.block.text.slice(near.start, near.end)}".`,
      }, near.form);
      continue;
    }
    // (c) not there at all: the paragraph where it should be (unless a deprecated form of it, reported above, is).
    if (renderedDeprecated.has(id)) continue;
    const block = blockAt(doc, src.start / Math.max(1, source.length));
    if (!block) continue;
    emit(block, 0, block.text.length, {
      'zh-HK': `原文提及「${src.text}」，但結果沒有其正式${LANG_NAME[to]['zh-HK']}名稱「${wantShown}」。`,
      en: `The source names "${src.text}", but the result does not have its official ${LANG_NAME[to].en} name "${wantShown}".`,
    });
  }
  return findings.sort((a, b) => doc.blocks.findIndex((x) => x.id === a.block) - doc.blocks.findIndex((x) => x.id === b.block) || a.start - b.start);
}

function kindOf(e: NameEntry): string {
  if (/^Secretary for|Secretary$|^Chief Executive$/.test(e.en)) return 'post';
  if (/Bureau$/.test(e.en)) return 'bureau';
  if (/Department|Office|Commission|Force|Service|Agency|Registry|Authority|Observatory|Customs/.test(e.en)) return 'department';
  if (/Ordinance|Regulations?\b/.test(e.en)) return 'law';
  return `term:${e.id}`;
}

/** The non-empty block at a relative position (0..1) of the text. */
function blockAt(doc: DocumentModel, fraction: number): Block | undefined {
  const blocks = doc.blocks.filter((b) => b.text.trim());
  if (!blocks.length) return undefined;
  const total = blocks.reduce((s, b) => s + b.text.length, 0);
  let acc = 0;
  for (const b of blocks) {
    acc += b.text.length;
    if (acc / total >= fraction) return b;
  }
  return blocks[blocks.length - 1];
}

const INSTITUTION = /[署處局室會組隊辦司院所]$/;

const STOP = new Set(['and', 'of', 'the', 'for', 'to', 'in', '&']);

function enWords(s: string): string[] {
  return (s.toLowerCase().match(/[a-z0-9&'’-]+/g) ?? []).filter((w) => !STOP.has(w)).map((w) => w.replace(/(?<=[a-z]{3})s$/, ''));
}

function dice<T>(a: readonly T[], b: readonly T[]): number {
  if (!a.length || !b.length) return 0;
  const counts = new Map<T, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  let shared = 0;
  for (const x of b) {
    const n = counts.get(x) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(x, n - 1);
    }
  }
  return (2 * shared) / (a.length + b.length);
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** The span of the output that most resembles one of the wanted forms (Dice ≥ 0.6), if any. */
function nearMiss(doc: DocumentModel, wanted: readonly string[], lang: Lang, claimed: ReadonlyArray<{ block: string; start: number; end: number }>): { block: Block; start: number; end: number; form: string } | undefined {
  let best: { block: Block; start: number; end: number; form: string; score: number } | undefined;
  const overlaps = (block: Block, start: number, end: number) => claimed.some((c) => c.block === block.id && c.start < end && start < c.end);
  for (const form of wanted) {
    for (const block of doc.blocks) {
      const text = block.text;
      if (!text.trim()) continue;
      if (lang === 'en') {
        const target = enWords(form);
        if (target.length < 2) continue;
        const words = [...text.matchAll(/[A-Za-z0-9&'’-]+/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
        for (let n = Math.max(1, target.length - 1); n <= target.length + 1; n++) {
          for (let i = 0; i + n <= words.length; i++) {
            const start = words[i].start;
            const end = words[i + n - 1].end;
            const slice = text.slice(start, end);
            if (slice === form || overlaps(block, start, end) || /^[A-Z]/.test(slice) !== /^[A-Z]/.test(form)) continue;
            const score = dice(target, enWords(slice));
            if (score >= 0.6 && (!best || score > best.score)) best = { block, start, end, form, score };
          }
        }
      } else {
        const target = [...form];
        if (target.length < 3) continue;
        // A body's name ends in 署, 處, 局 ...: so must the text taken for it.
        const suffix = INSTITUTION.test(form) ? INSTITUTION : undefined;
        for (let n = Math.max(2, form.length - 2); n <= form.length + 2; n++) {
          for (let start = 0; start + n <= text.length; start++) {
            const end = start + n;
            const slice = text.slice(start, end);
            if (slice === form || overlaps(block, start, end) || ![...slice].every((ch) => isHan(ch.codePointAt(0)!) || '（）《》()'.includes(ch))) continue;
            if (suffix && !suffix.test(slice)) continue;
            const score = (dice(target, [...slice]) + dice(bigrams(form), bigrams(slice))) / 2 + (n === form.length ? 0.05 : 0);
            if (score >= 0.55 && (!best || score > best.score)) best = { block, start, end, form, score };
          }
        }
      }
    }
  }
  return best && { block: best.block, start: best.start, end: best.end, form: best.form };
}
