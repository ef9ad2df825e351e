/**
 * Mainland vocabulary -> Hong Kong usage, for text already in Traditional characters. Only words a Hong Kong
 * reader would take as Mainland usage in a government document, each with the word the Government writes.
 * When the language-quality rule set `hk-zh-vocabulary` is built in, its substitutions are used as well (its
 * entries win), so the list lives in one place once it lands.
 */
import { builtinRuleSets } from '../checks';

const MAINLAND: Record<string, string> = {
  信息: '資訊',
  視頻: '影片',
  質量: '質素',
  反饋: '回應',
  短信: '短訊',
  打印: '列印',
  激活: '啟用',
  默認: '預設',
  鼠標: '滑鼠',
  移動電話: '流動電話',
  硬盤: '硬碟',
  博客: '網誌',
  在線: '網上',
  登錄: '登入',
  賬號: '帳戶',
  賬戶: '帳戶',
  充值: '增值',
  公交: '公共交通',
  出租車: '的士',
  空調: '冷氣',
  衛生間: '洗手間',
  衞生間: '洗手間',
  小區: '屋苑',
  攝像頭: '攝錄機',
  網絡安全: '網絡安全',
};

let table: Map<string, Array<[string, string]>> | undefined;

/** Entries by their first character, longest first, so each position is tried against a handful at most. */
function entries(): Map<string, Array<[string, string]>> {
  if (table) return table;
  const merged: Record<string, string> = { ...MAINLAND };
  const set = builtinRuleSets().get('hk-zh-vocabulary');
  for (const rule of Object.values(set?.rules ?? {})) {
    const swap = (rule as { swap?: Record<string, string | string[]> }).swap;
    for (const [from, to] of Object.entries(swap ?? {})) merged[from] = Array.isArray(to) ? to[0] : to;
  }
  table = new Map();
  for (const [from, to] of Object.entries(merged).sort((a, b) => b[0].length - a[0].length)) {
    if (from === to) continue;
    const list = table.get(from[0]) ?? [];
    list.push([from, to]);
    table.set(from[0], list);
  }
  return table;
}

/** Replaces Mainland words, leftmost and longest first; each replacement is reported. */
export function toHongKongVocabulary(text: string): { text: string; changes: Array<{ from: string; to: string }> } {
  const changes: Array<{ from: string; to: string }> = [];
  const byFirst = entries();
  let out = '';
  let i = 0;
  outer: while (i < text.length) {
    for (const [from, to] of byFirst.get(text[i]) ?? []) {
      if (text.startsWith(from, i)) {
        out += to;
        changes.push({ from, to });
        i += from.length;
        continue outer;
      }
    }
    out += text[i++];
  }
  return { text: out, changes };
}
