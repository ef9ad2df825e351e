/**
 * The bilingual consistency check (rule set `bilingual`), offline and deterministic: the Chinese and English
 * versions of a paper are aligned paragraph by paragraph, and the amounts, percentages, dates, times, reference
 * numbers, other numbers and official names of each pair of paragraphs are compared. A finding points at the text
 * in the version where the mismatch shows (its block and offsets in that document), says which version it is in,
 * and names the counterpart paragraph.
 */
import type { Finding, Fix, Level, Message } from '../checks/types';
import type { Block, DocumentModel } from '../text/document';
import { detectLanguage } from '../text/script';
import { GENERIC_REFERENCE, nameIndex, type NameHit } from '../transform/names';
import type { GlossaryTerm, Lang } from '../transform/types';
import { alignParagraphs, type AlignUnit } from './align';
import { extractFacts, renderFact, type Fact, type FactKind } from './facts';
import { BILINGUAL_RULE_SET_ID } from './rules';

export interface BilingualOptions {
  /** The department glossary: its terms are compared as names, besides the bureaux and departments. */
  glossary?: readonly GlossaryTerm[];
  /**
   * The authoritative version, when there is one: a value that differs is then reported only in the other
   * version (with a fix from the reference). By default a difference is reported in both versions.
   */
  reference?: Lang;
}

export interface BilingualFinding extends Finding {
  /** The version the finding's block and offsets are in. */
  document: Lang;
}

export interface AlignedParagraphs {
  /** Block ids of the Chinese version (none for an extra English paragraph). */
  zh: string[];
  en: string[];
}

interface Unit extends AlignUnit {
  block: Block;
  doc: Lang;
  /** 1-based position among the version's non-empty paragraphs. */
  number: number;
  facts: Fact[];
  loose: Set<number>;
  names: NameHit[];
}

interface Located<T> {
  item: T;
  unit: Unit;
}

const DOC: Record<Lang, Message> = {
  'zh-HK': { 'zh-HK': '中文本', en: 'Chinese version' },
  en: { 'zh-HK': '英文本', en: 'English version' },
};

const KIND: Record<FactKind | 'name', Message> = {
  amount: { 'zh-HK': '金額', en: 'amount' },
  percentage: { 'zh-HK': '百分比', en: 'percentage' },
  date: { 'zh-HK': '日期', en: 'date' },
  time: { 'zh-HK': '時間', en: 'time' },
  reference: { 'zh-HK': '編號', en: 'reference number' },
  number: { 'zh-HK': '數字', en: 'number' },
  name: { 'zh-HK': '名稱', en: 'name' },
};

const LEVEL: Record<FactKind, Level> = { amount: 'error', percentage: 'error', date: 'error', time: 'error', reference: 'error', number: 'warning' };

const END_MARK = /^\s*(?:[－\-—–\s]*完[－\-—–\s]*|Ends\.?)\s*$/i;

const other = (lang: Lang): Lang => (lang === 'en' ? 'zh-HK' : 'en');

function units(doc: DocumentModel, lang: Lang, index: ReturnType<typeof nameIndex>): Unit[] {
  const out: Unit[] = [];
  for (const block of doc.blocks) {
    if (!block.text.trim()) continue;
    const pf = extractFacts(block.text);
    // A paragraph number or a rule on a line of its own ("2.", "—"), or a press release's end mark (完, Ends), is
    // not a paragraph to align.
    if (!pf.facts.length && detectLanguage(block.text) === 'none') continue;
    if (END_MARK.test(block.text)) continue;
    const names = index.find(block.text);
    const anchors = new Set<string>();
    for (const f of pf.facts) anchors.add(f.key), f.compat.forEach((k) => anchors.add(k));
    for (const n of names) anchors.add(`name:${n.entry.id}`);
    out.push({
      block,
      doc: lang,
      number: out.length + 1,
      facts: pf.facts,
      loose: pf.loose,
      names,
      anchors,
      enumerator: pf.enumerator,
      heading: block.kind === 'heading',
      length: block.text.replace(/\s+/g, '').length,
    });
  }
  return out;
}

function paragraphs(list: readonly Unit[]): Message {
  if (!list.length) return { 'zh-HK': '', en: '' };
  const nums = list.map((u) => u.number);
  const en = nums.length === 1 ? `paragraph ${nums[0]}` : `paragraphs ${nums[0]}–${nums[nums.length - 1]}`;
  const zh = nums.length === 1 ? `第${nums[0]}段` : `第${nums[0]}至${nums[nums.length - 1]}段`;
  return { 'zh-HK': zh, en };
}

function compatible(a: Fact, b: Fact): boolean {
  return a.compat.includes(b.key) || b.compat.includes(a.key) || a.compat.some((k) => b.compat.includes(k) && k.startsWith('time:'));
}

/** Side-by-side paragraphs of the two versions, by block id. */
export function alignBilingual(zh: DocumentModel, en: DocumentModel, options: BilingualOptions = {}): AlignedParagraphs[] {
  const index = nameIndex(options.glossary);
  const zu = units(zh, 'zh-HK', index);
  const eu = units(en, 'en', index);
  return alignParagraphs(zu, eu).map((g) => ({ zh: g.zh.map((i) => zu[i].block.id), en: g.en.map((i) => eu[i].block.id) }));
}

export function checkBilingual(zh: DocumentModel, en: DocumentModel, options: BilingualOptions = {}): BilingualFinding[] {
  const index = nameIndex(options.glossary);
  const zu = units(zh, 'zh-HK', index);
  const eu = units(en, 'en', index);
  const groups = alignParagraphs(zu, eu);
  const findings: BilingualFinding[] = [];
  const emit = (rule: string, level: Level, unit: Unit, start: number, end: number, message: Message, fixes: Fix[] = []) => {
    findings.push({
      ruleId: `${BILINGUAL_RULE_SET_ID}/${rule}`,
      level,
      message,
      block: unit.block.id,
      start,
      end,
      text: unit.block.text.slice(start, end),
      fixes,
      document: unit.doc,
    });
  };
  const reportsIn = (lang: Lang) => options.reference === undefined || options.reference !== lang;

  interface Missing {
    group: number;
    fact: Located<Fact>;
    counterpart: Unit[];
  }
  const missing: Missing[] = [];

  groups.forEach((g, gi) => {
    const zs = g.zh.map((i) => zu[i]);
    const es = g.en.map((i) => eu[i]);
    if (!zs.length || !es.length) {
      for (const u of [...zs, ...es]) {
        const near = neighbour(groups, gi, u.doc === 'en' ? zu : eu, u.doc === 'en' ? 'zh' : 'en');
        emit('paragraph', 'warning', u, 0, u.block.text.length, {
          'zh-HK': `${DOC[u.doc]['zh-HK']}這一段（第${u.number}段）在${DOC[other(u.doc)]['zh-HK']}中沒有對應段落${near ? `（應在${paragraphs([near])['zh-HK']}附近）` : ''}。`,
          en: `This paragraph of the ${DOC[u.doc].en} (paragraph ${u.number}) has no counterpart in the ${DOC[other(u.doc)].en}${near ? ` (expected near its ${paragraphs([near]).en})` : ''}.`,
        });
      }
      return;
    }
    compareFacts(gi, zs, es);
    compareNames(zs, es);
  });

  // A value missing from one pair of paragraphs and found missing from the neighbouring pair in the other version
  // was moved across a paragraph boundary, not dropped.
  const cancelled = new Set<Missing>();
  for (const a of missing) {
    if (cancelled.has(a)) continue;
    const b = missing.find(
      (x) => x !== a && !cancelled.has(x) && x.fact.unit.doc !== a.fact.unit.doc && Math.abs(x.group - a.group) <= 1 && (x.fact.item.key === a.fact.item.key || compatible(x.fact.item, a.fact.item)),
    );
    if (b) cancelled.add(a).add(b);
  }
  for (const m of missing) {
    if (cancelled.has(m)) continue;
    const { item: f, unit } = m.fact;
    const where = paragraphs(m.counterpart);
    const k = KIND[f.kind];
    const d = DOC[unit.doc];
    const o = DOC[other(unit.doc)];
    const shown = normalised(f, unit.doc);
    emit(f.kind, f.weak ? 'warning' : LEVEL[f.kind], unit, f.start, f.end, {
      'zh-HK': `${d['zh-HK']}有${k['zh-HK']}「${f.text}」${shown.zh}，但${o['zh-HK']}的相應段落（${where['zh-HK']}）沒有這個${k['zh-HK']}。`,
      en: `The ${d.en} has the ${k.en} "${f.text}"${shown.en}, but the corresponding paragraph of the ${o.en} (${where.en}) does not.`,
    });
  }

  const order = new Map(findings.map((f, i) => [f, i]));
  const pos = (f: BilingualFinding) => {
    const list = f.document === 'en' ? eu : zu;
    return list.findIndex((u) => u.block.id === f.block);
  };
  return findings.sort((a, b) => (a.document === b.document ? 0 : a.document === 'zh-HK' ? -1 : 1) || pos(a) - pos(b) || a.start - b.start || order.get(a)! - order.get(b)!);

  function compareFacts(gi: number, zs: Unit[], es: Unit[]): void {
    const zf: Array<Located<Fact>> = zs.flatMap((unit) => unit.facts.map((item) => ({ item, unit })));
    const ef: Array<Located<Fact>> = es.flatMap((unit) => unit.facts.map((item) => ({ item, unit })));
    const zLoose = new Set(zs.flatMap((u) => [...u.loose]));
    const eLoose = new Set(es.flatMap((u) => [...u.loose]));
    const used = new Set<Located<Fact>>();
    const pairs: Array<[Located<Fact>, Located<Fact>]> = [];
    const pass = (ok: (a: Fact, b: Fact) => boolean) => {
      for (const a of zf) {
        if (used.has(a)) continue;
        const b = ef.find((x) => !used.has(x) && x.item.kind === a.item.kind && ok(a.item, x.item));
        if (b) {
          used.add(a).add(b);
          pairs.push([a, b]);
        }
      }
    };
    pass((a, b) => a.key === b.key);
    pass(compatible);
    // An amount or percentage given as a bare number on the other side ("150萬" for "$1.5 million").
    for (const [mine, theirs] of [
      [zf, ef],
      [ef, zf],
    ] as const) {
      for (const a of mine) {
        if (used.has(a) || (a.item.kind !== 'amount' && a.item.kind !== 'percentage')) continue;
        const b = theirs.find((x) => !used.has(x) && x.item.kind === 'number' && x.item.value === a.item.value);
        if (b) used.add(a).add(b);
      }
    }
    // Other numbers are tolerated when the other side has the value in any form ("the two" for 兩者).
    for (const [mine, loose] of [
      [zf, eLoose],
      [ef, zLoose],
    ] as const) {
      for (const a of mine) if (!used.has(a) && a.item.kind === 'number' && loose.has(a.item.value!)) used.add(a);
    }

    // Same kind left on both sides: a value that differs.
    const zLeft = zf.filter((x) => !used.has(x));
    const eLeft = ef.filter((x) => !used.has(x));
    for (const a of zLeft) {
      const b = eLeft.find((x) => !used.has(x) && x.item.kind === a.item.kind);
      if (!b) continue;
      used.add(a).add(b);
      differs(a, b);
    }
    for (const x of [...zf, ...ef]) {
      if (used.has(x)) continue;
      missing.push({ group: gi, fact: x, counterpart: x.unit.doc === 'en' ? zs : es });
    }

    // The same amounts or percentages in another order: perhaps swapped.
    for (const kind of ['amount', 'percentage'] as const) {
      const list = pairs.filter(([a]) => a.item.kind === kind);
      if (list.length < 2) continue;
      const rank = (x: Located<Fact>, us: Unit[]) => us.indexOf(x.unit) * 1e6 + x.item.start;
      const byZh = [...list].sort((p, q) => rank(p[0], zs) - rank(q[0], zs));
      for (let i = 1; i < byZh.length; i++) {
        const [pa, pb] = byZh[i - 1];
        const [qa, qb] = byZh[i];
        if (pa.item.key === qa.item.key || rank(qb, es) > rank(pb, es)) continue;
        const k = KIND[kind];
        const zhList = `${pa.item.text}、${qa.item.text}`;
        const enList = `${qb.item.text}, ${pb.item.text}`;
        for (const [x, lang] of [
          [qa, 'zh-HK'],
          [qb, 'en'],
        ] as const) {
          if (!reportsIn(lang)) continue;
          emit('order', 'warning', x.unit, x.item.start, x.item.end, {
            'zh-HK': `兩個版本的${k['zh-HK']}次序不同：中文本為${zhList}，英文本為${enList}。請核對有否對調。`,
            en: `The ${k.en}s are in a different order in the two versions: the Chinese version has ${zhList}, the English version ${enList}. Check that they have not been swapped.`,
          });
        }
        break;
      }
    }
  }

  function differs(a: Located<Fact>, b: Located<Fact>): void {
    const kind = a.item.kind;
    const k = KIND[kind];
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      const lang = mine.unit.doc;
      if (!reportsIn(lang)) continue;
      const d = DOC[lang];
      const o = DOC[other(lang)];
      const where = paragraphs([theirs.unit]);
      const fix = renderFact(theirs.item, mine.item, lang);
      const ms = normalised(mine.item, lang);
      const ts = normalised(theirs.item, other(lang));
      emit(kind, mine.item.weak && theirs.item.weak ? 'warning' : LEVEL[kind], mine.unit, mine.item.start, mine.item.end, {
        'zh-HK': `兩個版本的${k['zh-HK']}不一致：${d['zh-HK']}為「${mine.item.text}」${ms.zh}，${o['zh-HK']}（${where['zh-HK']}）為「${theirs.item.text}」${ts.zh}。`,
        en: `The ${k.en} differs between the versions: the ${d.en} has "${mine.item.text}"${ms.en} where the ${o.en} (${where.en}) has "${theirs.item.text}"${ts.en}.`,
      }, fix && fix !== mine.item.text ? [{ replacement: fix }] : []);
    }
  }

  function compareNames(zs: Unit[], es: Unit[]): void {
    const zn: Array<Located<NameHit>> = zs.flatMap((unit) => unit.names.map((item) => ({ item, unit })));
    const en: Array<Located<NameHit>> = es.flatMap((unit) => unit.names.map((item) => ({ item, unit })));
    const zIds = new Set(zn.map((x) => x.item.entry.id));
    const eIds = new Set(en.map((x) => x.item.entry.id));
    // One mention of a body on the other side is enough for any number of mentions on this one.
    const zLeft = firstOfEach(zn.filter((x) => !eIds.has(x.item.entry.id)));
    const eLeft = firstOfEach(en.filter((x) => !zIds.has(x.item.entry.id)));
    const paired = new Set<Located<NameHit>>();
    for (const a of zLeft) {
      const b = eLeft.find((x) => !paired.has(x) && sameKind(a.item, x.item));
      if (!b) continue;
      paired.add(a).add(b);
      for (const [mine, theirs] of [
        [a, b],
        [b, a],
      ] as const) {
        const lang = mine.unit.doc;
        if (!reportsIn(lang)) continue;
        const d = DOC[lang];
        const o = DOC[other(lang)];
        const where = paragraphs([theirs.unit]);
        const expected = mine.item.form.type === 'short' && theirs.item.entry.short[lang] ? theirs.item.entry.short[lang]! : theirs.item.entry[lang];
        emit('name', 'error', mine.unit, mine.item.start, mine.item.end, {
          'zh-HK': `兩個版本所指機構不同：${d['zh-HK']}為「${mine.item.text}」，${o['zh-HK']}（${where['zh-HK']}）為「${theirs.item.text}」（即「${theirs.item.entry[lang]}」）。`,
          en: `The versions name different bodies: the ${d.en} has "${mine.item.text}" where the ${o.en} (${where.en}) has "${theirs.item.text}" ("${theirs.item.entry[lang]}").`,
        }, [{ replacement: expected }]);
      }
    }
    // "The Department" on the other side may stand for a name on this one, once for each such word more than
    // this side has itself (本署 ↔ "the Department" pair up with each other first).
    const generic = (us: Unit[], lang: Lang) => us.reduce((n, u) => n + (u.block.text.match(new RegExp(GENERIC_REFERENCE[lang].source, 'gi')) ?? []).length, 0);
    const spare: Record<Lang, number> = { 'zh-HK': Math.max(0, generic(es, 'en') - generic(zs, 'zh-HK')), en: Math.max(0, generic(zs, 'zh-HK') - generic(es, 'en')) };
    for (const x of [...zLeft, ...eLeft]) {
      if (paired.has(x)) continue;
      const lang = x.unit.doc;
      const counterpart = lang === 'en' ? zs : es;
      if (spare[lang] > 0) {
        spare[lang]--;
        continue;
      }
      const d = DOC[lang];
      const o = DOC[other(lang)];
      const where = paragraphs(counterpart);
      const want = x.item.entry[other(lang)];
      emit('name', 'warning', x.unit, x.item.start, x.item.end, {
        'zh-HK': `${d['zh-HK']}提及「${x.item.text}」，但${o['zh-HK']}的相應段落（${where['zh-HK']}）沒有「${want}」。`,
        en: `The ${d.en} names "${x.item.text}", but the corresponding paragraph of the ${o.en} (${where.en}) has no "${want}".`,
      });
    }
  }
}

function firstOfEach(list: Array<Located<NameHit>>): Array<Located<NameHit>> {
  const seen = new Set<string>();
  return list.filter((x) => (seen.has(x.item.entry.id) ? false : (seen.add(x.item.entry.id), true)));
}

/** A bureau stands in for a bureau, a department for a department: a different one of the same kind is a wrong name. */
function sameKind(a: NameHit, b: NameHit): boolean {
  return kindOf(a) === kindOf(b);
}

function kindOf(h: NameHit): string {
  const en = h.entry.en;
  if (/^Secretary for|Secretary$|^Chief Executive$/.test(en)) return 'post';
  if (/Bureau$/.test(en)) return 'bureau';
  if (/(Department|Office|Commission|Force|Service|Agency|Registry|Authority|Centre|Department of \w+|Observatory|Customs)/.test(en) || /^Department of/.test(en)) return 'department';
  return h.entry.source === 'department' ? `term:${h.entry.id}` : 'other';
}

function normalised(f: Fact, lang: Lang): { zh: string; en: string } {
  const zhShown = f.display['zh-HK'];
  const enShown = f.display.en;
  if (f.kind === 'reference' || f.kind === 'number') return { zh: '', en: '' };
  // Show the value in the reader's terms when the text writes it another way.
  const zh = lang === 'en' || zhShown !== f.text ? `（即${zhShown}）` : '';
  const en = lang === 'zh-HK' || enShown !== f.text ? ` (${enShown})` : '';
  return { zh: zhShown === f.text ? '' : zh, en: enShown === f.text ? '' : en };
}

function neighbour(groups: ReturnType<typeof alignParagraphs>, gi: number, list: Unit[], side: 'zh' | 'en'): Unit | undefined {
  for (let d = 1; d < groups.length; d++) {
    for (const j of [gi - d, gi + d]) {
      const g = groups[j];
      if (g && g[side].length) return list[g[side][0]];
    }
  }
  return undefined;
}
