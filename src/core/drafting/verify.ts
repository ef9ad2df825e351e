/**
 * Verifying what the model wrote, section by section, after normalising: every required section present and
 * non-empty, each in the draft's language; no reference number, date, amount, telephone number, email, HKID or
 * person's name that the inputs do not hold; citations only of the sources given; no Cantonese colloquialism
 * left; nothing of the prompt (its instructions, the data nonce) repeated. Each problem says whether a repair
 * call can fix it.
 */
import { createChecker, type Checker } from '../checks';
import type { Bilingual } from '../templates/schema';
import { fromPlainText } from '../text/document';
import { detectLanguage } from '../text/script';
import { findFacts, inInputs, type FactKind, type InputIndex } from './facts';

export type IssueCode = 'missing-section' | 'wrong-language' | 'not-in-inputs' | 'unknown-citation' | 'colloquial' | 'prompt-leak' | 'format';

export interface DraftIssue {
  code: IssueCode;
  section?: string;
  /** The offending text, as it stands in the section (absent for a missing section). */
  text?: string;
  factKind?: FactKind;
  message: Bilingual;
  level: 'error' | 'warning';
  /** A repair call may fix it. */
  repairable: boolean;
}

export interface VerifyInput {
  lang: 'zh-HK' | 'en';
  /** The sections the model was asked for, in template order. */
  sections: ReadonlyArray<{ id: string; title: Bilingual; required: boolean }>;
  /** Normalised paragraphs per section id; absent or empty = not written. */
  written: ReadonlyMap<string, readonly string[]>;
  inputs: InputIndex;
  /** How many sources were given ([1]..[n]); 0 when the template does not cite. */
  sources: number;
  /** Strings that must never appear in the answer (the data nonce, lines of the instructions). */
  secrets?: readonly string[];
}

let colloquial: Checker | undefined;

const KIND_NAME: Record<FactKind, Bilingual> = {
  reference: { en: 'reference number', 'zh-HK': '檔號' },
  date: { en: 'date', 'zh-HK': '日期' },
  amount: { en: 'amount', 'zh-HK': '金額' },
  phone: { en: 'telephone number', 'zh-HK': '電話號碼' },
  email: { en: 'email address', 'zh-HK': '電郵地址' },
  hkid: { en: 'HKID number', 'zh-HK': '身份證號碼' },
  person: { en: 'name', 'zh-HK': '姓名' },
};

export function verifySections(input: VerifyInput): DraftIssue[] {
  const issues: DraftIssue[] = [];
  for (const s of input.sections) {
    const paragraphs = input.written.get(s.id) ?? [];
    const text = paragraphs.join('\n\n');
    if (!text.trim()) {
      if (s.required) {
        issues.push({
          code: 'missing-section',
          section: s.id,
          level: 'error',
          repairable: true,
          message: { en: `The required section "${s.title.en}" is missing or empty.`, 'zh-HK': `必要部分「${s.title['zh-HK']}」欠缺或沒有內容。` },
        });
      }
      continue;
    }
    const lang = detectLanguage(text);
    if ((input.lang === 'zh-HK' && lang === 'en') || (input.lang === 'en' && lang === 'zh')) {
      issues.push({
        code: 'wrong-language',
        section: s.id,
        text: paragraphs[0],
        level: 'error',
        repairable: true,
        message: {
          en: `The section "${s.title.en}" is not written in ${input.lang === 'en' ? 'English' : 'Chinese'}.`,
          'zh-HK': `「${s.title['zh-HK']}」部分並非以${input.lang === 'en' ? '英文' : '中文'}撰寫。`,
        },
      });
    }
    for (const fact of findFacts(text)) {
      if (inInputs(fact, input.inputs)) continue;
      const kind = KIND_NAME[fact.kind];
      issues.push({
        code: 'not-in-inputs',
        section: s.id,
        text: fact.text,
        factKind: fact.kind,
        level: 'error',
        repairable: true,
        message: {
          en: `Not in your inputs: the ${kind.en} "${fact.text}" is in none of the fields, key points, the message answered or the sources. Check it or take it out.`,
          'zh-HK': `不在你提供的資料內：${kind['zh-HK']}「${fact.text}」不見於欄位、要點、來函或參考資料，請核實或刪去。`,
        },
      });
    }
    for (const m of text.matchAll(/\[(\d{1,3})\]/g)) {
      const n = Number(m[1]);
      if (n >= 1 && n <= input.sources) continue;
      issues.push({
        code: 'unknown-citation',
        section: s.id,
        text: m[0],
        level: 'error',
        repairable: true,
        message: input.sources
          ? { en: `Citation ${m[0]} names no source given (there are ${input.sources}).`, 'zh-HK': `引用${m[0]}並無對應的參考資料（只有${input.sources}項）。` }
          : { en: `Citation ${m[0]}: no sources were given for this draft.`, 'zh-HK': `引用${m[0]}：此草稿並無提供參考資料。` },
      });
    }
    if (input.lang === 'zh-HK') {
      colloquial ??= createChecker({ ruleSets: ['hk-zh-formal'] });
      for (const f of colloquial.check(fromPlainText(text), { lang: 'zh-HK' })) {
        if (f.level !== 'error') continue;
        issues.push({ code: 'colloquial', section: s.id, text: f.text, level: 'error', repairable: true, message: f.message });
      }
    }
    for (const secret of input.secrets ?? []) {
      if (secret && text.includes(secret)) {
        issues.push({
          code: 'prompt-leak',
          section: s.id,
          text: secret.length > 40 ? `${secret.slice(0, 40)}…` : secret,
          level: 'error',
          repairable: true,
          message: { en: 'The section repeats part of the instructions Wenshu gave the model.', 'zh-HK': '此部分重複了文書通給予模型的指示。' },
        });
      }
    }
  }
  return issues;
}
