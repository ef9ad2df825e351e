/**
 * Official names in both languages: the department glossary, the built-in table of bureaux and departments
 * (gov-names.ts), and the outdated and wrong forms that hk-gov-names lists, joined into one index that finds
 * names in text, longest first. Used by the glossary-only translation, the model prompt's term pairs, the
 * glossary check of a model's output and the bilingual consistency check.
 */
import { builtinRuleSets } from '../checks';
import { isLatinWordChar } from '../text/script';
import { GOV_NAMES } from './gov-names';
import type { GlossaryTerm, Lang } from './types';

export type FormType = 'name' | 'short' | 'alias' | 'deprecated';

export interface NameForm {
  text: string;
  lang: Lang;
  type: FormType;
  /** Single-token forms (FEHD, LandsD) match case-sensitively; names of several words regardless of case. */
  caseSensitive: boolean;
}

export interface NameEntry {
  /** Stable within one index. */
  id: string;
  en: string;
  'zh-HK': string;
  /** Where the pair comes from: the department's glossary or the built-in Government names. */
  source: 'department' | 'hk-gov-names';
  /** Short forms, when the Government uses them (FEHD / 食環署). */
  short: Partial<Record<Lang, string>>;
  deprecated: Record<Lang, string[]>;
  note?: string;
  forms: NameForm[];
}

export interface NameHit {
  entry: NameEntry;
  form: NameForm;
  start: number;
  end: number;
  text: string;
}

export interface NameIndex {
  entries: readonly NameEntry[];
  /** Every name (any language, any form) in the text, leftmost-longest, not overlapping. */
  find(text: string): NameHit[];
}

const isLatin = (s: string) => /[A-Za-z]/.test(s) && !/\p{Script=Han}/u.test(s);

/** "Food Safety Ordinance (Cap. 612)" is also written "Food Safety Ordinance"; 《食物安全條例》（第612章） as 食物安全條例. */
function derivedAliases(text: string, lang: Lang): string[] {
  const out: string[] = [];
  if (lang === 'en') {
    const bare = text.replace(/\s*\((?:Cap\.?|Chapter)\s*[0-9A-Z]+\)\s*$/i, '').trim();
    if (bare !== text && bare.length > 3) out.push(bare);
  } else {
    const bare = text.replace(/[（(]第[0-9A-Z]+章[）)]\s*$/, '').trim();
    if (bare !== text) out.push(bare);
    const unmarked = bare.replace(/^《(.*)》$/, '$1');
    if (unmarked !== bare && unmarked.length > 1) out.push(unmarked);
  }
  return out;
}

/** Outdated name → its single successor, in each language, from hk-gov-names (names with several successors are left out). */
function hkGovNamesRenames(): Array<{ from: string; to: string }> {
  const set = builtinRuleSets().get('hk-gov-names');
  const out: Array<{ from: string; to: string }> = [];
  for (const rule of Object.values(set?.rules ?? {})) {
    if (rule.extends !== 'substitution' || rule.level !== 'error') continue;
    for (const [from, to] of Object.entries(rule.swap)) {
      const single = typeof to === 'string' ? to : to.length === 1 ? to[0] : undefined;
      if (single) out.push({ from, to: single });
    }
  }
  return out;
}

let renames: Array<{ from: string; to: string }> | undefined;
const builtinCache = new WeakMap<readonly GlossaryTerm[], NameIndex>();
let builtinOnly: NameIndex | undefined;

/** The name index for a glossary (the department's terms first, then the built-in names). Cached per glossary array. */
export function nameIndex(glossary: readonly GlossaryTerm[] = []): NameIndex {
  if (!glossary.length) return (builtinOnly ??= buildIndex([]));
  let index = builtinCache.get(glossary);
  if (!index) builtinCache.set(glossary, (index = buildIndex(glossary)));
  return index;
}

function buildIndex(glossary: readonly GlossaryTerm[]): NameIndex {
  const entries: NameEntry[] = [];
  const byEn = new Map<string, NameEntry>();
  const byZh = new Map<string, NameEntry>();
  const add = (entry: NameEntry) => {
    entries.push(entry);
    byEn.set(entry.en.toLowerCase(), entry);
    byZh.set(entry['zh-HK'], entry);
  };
  glossary.forEach((term, i) => {
    const existing = byEn.get(term.en.toLowerCase()) ?? byZh.get(term['zh-HK']);
    if (existing) {
      // A glossary that repeats a term keeps the first pair, with every deprecated form.
      existing.deprecated.en.push(...(term.deprecated?.en ?? []));
      existing.deprecated['zh-HK'].push(...(term.deprecated?.['zh-HK'] ?? []));
      return;
    }
    add({
      id: `glossary:${i}`,
      en: term.en,
      'zh-HK': term['zh-HK'],
      source: 'department',
      short: {},
      deprecated: { en: [...(term.deprecated?.en ?? [])], 'zh-HK': [...(term.deprecated?.['zh-HK'] ?? [])] },
      note: term.note,
      forms: [],
    });
  });
  GOV_NAMES.forEach((name, i) => {
    const existing = byEn.get(name.en.toLowerCase()) ?? byZh.get(name['zh-HK']);
    const short: Partial<Record<Lang, string>> = {};
    if (name.short?.en) short.en = name.short.en;
    if (name.short?.['zh-HK']) short['zh-HK'] = name.short['zh-HK'];
    if (existing) {
      existing.short = { ...short, ...existing.short };
      (existing as NameEntry & { aliases?: GovNameAliases }).aliases = name.aliases;
      return;
    }
    const entry: NameEntry & { aliases?: GovNameAliases } = {
      id: `hk:${i}`,
      en: name.en,
      'zh-HK': name['zh-HK'],
      source: 'hk-gov-names',
      short,
      deprecated: { en: [], 'zh-HK': [] },
      forms: [],
      aliases: name.aliases,
    };
    add(entry);
  });
  renames ??= hkGovNamesRenames();
  for (const { from, to } of renames) {
    const entry = isLatin(to) ? byEn.get(to.toLowerCase()) : byZh.get(to);
    if (!entry) continue;
    const lang: Lang = isLatin(from) ? 'en' : 'zh-HK';
    if (!entry.deprecated[lang].includes(from)) entry.deprecated[lang].push(from);
  }

  const forms: NameForm[] = [];
  const seen = new Map<string, NameEntry>();
  const formOwner = new Map<NameForm, NameEntry>();
  const addForm = (entry: NameEntry, text: string, lang: Lang, type: FormType) => {
    const t = text.trim();
    if (!t) return;
    const caseSensitive = !/\s/.test(t);
    const key = `${lang}\u0000${caseSensitive ? t : t.toLowerCase()}`;
    // The first entry to claim a form keeps it (the department's glossary wins over the built-in table).
    if (seen.has(key)) return;
    seen.set(key, entry);
    const form: NameForm = { text: t, lang, type, caseSensitive };
    entry.forms.push(form);
    forms.push(form);
    formOwner.set(form, entry);
  };
  for (const entry of entries) {
    const aliases = (entry as NameEntry & { aliases?: GovNameAliases }).aliases;
    for (const lang of ['en', 'zh-HK'] as const) {
      addForm(entry, entry[lang], lang, 'name');
      for (const a of derivedAliases(entry[lang], lang)) addForm(entry, a, lang, 'alias');
      for (const a of aliases?.[lang] ?? []) addForm(entry, a, lang, 'alias');
      if (entry.short[lang]) addForm(entry, entry.short[lang]!, lang, 'short');
    }
  }
  // Deprecated forms last: a current name that happens to be written like an old one stays current.
  for (const entry of entries) for (const lang of ['en', 'zh-HK'] as const) for (const d of entry.deprecated[lang]) addForm(entry, d, lang, 'deprecated');
  for (const entry of entries) delete (entry as NameEntry & { aliases?: GovNameAliases }).aliases;

  // Candidates by first character (lower-cased), longest first.
  const byFirst = new Map<string, NameForm[]>();
  for (const f of forms) {
    const first = f.caseSensitive ? f.text[0] : f.text[0].toLowerCase();
    const keys = f.caseSensitive ? [first] : [first, first.toUpperCase()];
    for (const k of new Set(keys)) {
      const list = byFirst.get(k) ?? [];
      list.push(f);
      byFirst.set(k, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);

  return {
    entries,
    find(text: string): NameHit[] {
      const hits: NameHit[] = [];
      const lower = text.toLowerCase().length === text.length ? text.toLowerCase() : undefined;
      let i = 0;
      while (i < text.length) {
        const list = byFirst.get(text[i]);
        let hit: NameHit | undefined;
        if (list && !(isLatinWordChar(text.charCodeAt(i)) && i > 0 && isLatinWordChar(text.charCodeAt(i - 1)))) {
          for (const f of list) {
            const end = matchAt(text, lower, i, f);
            if (end < 0) continue;
            hit = { entry: formOwner.get(f)!, form: f, start: i, end, text: text.slice(i, end) };
            break;
          }
        }
        if (hit) {
          hits.push(hit);
          i = hit.end;
        } else i++;
      }
      return hits;
    },
  };
}

type GovNameAliases = { en?: string[]; 'zh-HK'?: string[] };

/** End of the form's match at `i`, or -1. Latin forms need word boundaries, and may take a plural ending. */
function matchAt(text: string, lower: string | undefined, i: number, f: NameForm): number {
  const n = f.text.length;
  if (f.caseSensitive) {
    if (!text.startsWith(f.text, i)) return -1;
  } else {
    const slice = lower ? lower.slice(i, i + n) : text.slice(i, i + n).toLowerCase();
    if (slice !== f.text.toLowerCase()) return -1;
  }
  let end = i + n;
  // A LegCo question number follows its prefix straight away: LCQ11.
  if (f.text === 'LCQ' && /\d/.test(text[end] ?? '')) return end;
  if (isLatinWordChar(f.text.charCodeAt(n - 1))) {
    if (!f.caseSensitive) {
      if (text.startsWith('es', end) && !isLatinWordChar(text.charCodeAt(end + 2))) end += 2;
      else if (text[end] === 's' && !isLatinWordChar(text.charCodeAt(end + 1))) end += 1;
    }
    if (end < text.length && isLatinWordChar(text.charCodeAt(end))) return -1;
  }
  return end;
}

/** Words that stand for a name already given: "the Department", 本署. A missing name beside one of them is not reported. */
export const GENERIC_REFERENCE: Record<Lang, RegExp> = {
  en: /\b(?:the|this|that|our|your|its|their)\s+(?:Department|Bureau|Office|Commission|Government|Administration|Authority|Council|Secretary|Force|Agency|Registry|Centre|Service|Unit|Section|Team)\b/i,
  'zh-HK': /本署|該署|本局|該局|本處|該處|本辦|該辦|本會|該會|本中心|該中心|局方|署方|警方|政府|當局|本組|該組/,
};
