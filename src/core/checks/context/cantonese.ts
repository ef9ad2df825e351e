/**
 * A Cantonese detector in the spirit of CanCLID/cantonesedetect: features that only Cantonese uses (characters,
 * words and constructions, with the written words that contain them excluded) against features of standard
 * written Chinese, giving each sentence one of cantonese / swc / mixed / neutral. It is deliberately independent
 * of the hk-zh-formal dictionary: formalise uses it to say honestly what it left behind, and rules use it to judge
 * the register of a sentence (a particle standard written Chinese also writes is an error only in a Cantonese
 * sentence or formal narrative).
 */
import { isWholeWord } from './words';

export type Register = 'cantonese' | 'swc' | 'mixed' | 'neutral';

export interface Judgement {
  register: Register;
  /** The Cantonese features found, in order (each as written). */
  cantonese: string[];
  swc: string[];
}

// Characters written Chinese does not use (or uses only in words excluded below).
const CANTO_CHARS = '嘅嗰啲咗佢喺咁噉冇啩哋畀嚟諗乜嘢瞓睇㗎餸喎嚿噃嘥攞揾搵攰嬲掟冚黐唞噏喐嘞咋啫囉囖吖嚱嗱啱吓嗮唔𡃁';
// Words and constructions: negation 唔, 係 as the copula, pronoun + 話 (say), 同 + pronoun (with/and),
// verb + 下/吓 (a little), reduplicated 日日, time words, and common Cantonese verbs and compounds.
const CANTO_WORDS = [
  '唔[係得會好識使洗駛通知到去走掂該錯差想要理]',
  '點[樣解知]',
  '[琴尋噚聽]日',
  '[琴尋噚]晚',
  '[而依]家',
  '[真就實梗又都仲定]係',
  '係[咪唔]',
  '邊[度個位間]',
  '仲[有係要好未]',
  '返[學工屋歸去嚟]',
  '屋企',
  '傾[偈計下吓過咗緊]',
  '幫襯',
  '同埋',
  '[留坐剩]低',
  '搞[掂掟]',
  '得閒',
  '鍾意',
  '日日',
  '成日',
  '頭先',
  '求其',
  '[我你佢他她][哋們]?話(?![劇題語])',
  '同[我你佢他她]',
  '同大家',
  '[睇試諗傾食]下',
  '[咩乜]嘢',
  '幾[多耐時]',
  '有冇',
  '夠鐘',
  '即係',
  '先至',
  '[俾畀][我你佢]',
];
// Written words that contain a feature above and are not Cantonese.
const EXCLUDE = ['關係', '聯係', '維係', '係數', '喇叭', '喇嘛', '吱唔', '咿唔', '咪錶', '麥咪', '家下', '一下'];
// Features of standard written Chinese that Cantonese writes otherwise.
const SWC = /[這那哪是的他她它吧沒麼些了卻說吃弄在]|而已/gu;

const CANTO = new RegExp(`[${CANTO_CHARS}]|${CANTO_WORDS.join('|')}`, 'gu');
const EXCLUDED = new RegExp(EXCLUDE.join('|'), 'gu');

function blank(text: string): string {
  // Excluded words are masked by the same number of placeholder characters, so offsets stay put.
  return text.replace(EXCLUDED, (m) => '\u3000'.repeat(m.length));
}

/**
 * The Cantonese features in a text, with their offsets. A word feature counts only as a whole word (the checker's
 * word-boundary model): 得閒 in 不得閒置 and 而家 in 然而家傭 are not Cantonese.
 */
export function cantoneseFeatures(text: string): Array<{ text: string; start: number; end: number }> {
  const masked = blank(text);
  const out: Array<{ text: string; start: number; end: number }> = [];
  CANTO.lastIndex = 0;
  for (let m = CANTO.exec(masked); m; m = CANTO.exec(masked)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length > 1 && !isWholeWord(text, start, end)) {
      CANTO.lastIndex = start + 1;
      continue;
    }
    out.push({ text: m[0], start, end });
  }
  return out;
}

export function judge(text: string): Judgement {
  const cantonese = cantoneseFeatures(text).map((f) => f.text);
  const swc = blank(text).match(SWC) ?? [];
  const register: Register = cantonese.length && swc.length ? 'mixed' : cantonese.length ? 'cantonese' : swc.length ? 'swc' : 'neutral';
  return { register, cantonese, swc };
}
