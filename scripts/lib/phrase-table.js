// Phrase data for the Simplified-character rule: where one Simplified character stands for several Traditional
// ones (发 -> 發/髮, 复 -> 復/複/覆), OpenCC's phrase table (opencc-js, STPhrases, Apache-2.0) says which one a
// phrase takes (头发 -> 頭髮, 发现 -> 發現, 复印 -> 複印, 回复 -> 回覆). Only the phrases that hold such a character of
// the rule's map are kept, so the checker (and the task pane) carries a small table rather than all of OpenCC.
'use strict';

function buildPhraseTable(simplifiedMap) {
  const OpenCC = require('opencc-js');
  const [phrases] = OpenCC.Locale.from.cn.flat();
  const multi = new Set(Object.keys(simplifiedMap).filter((k) => Array.isArray(simplifiedMap[k]) && simplifiedMap[k].length > 1));
  const out = {};
  let maxLength = 0;
  for (const entry of phrases.split('|')) {
    const [from, to] = entry.split(' ');
    if (!from || !to || [...from].length !== [...to].length) continue;
    if (![...from].some((c) => multi.has(c))) continue;
    out[from] = to;
    maxLength = Math.max(maxLength, from.length);
  }
  const sorted = Object.fromEntries(Object.entries(out).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  return { maxLength, phrases: sorted };
}

/** The map of the built-in `simplified` script rule. */
function simplifiedMap(sets) {
  const set = sets.find((s) => s.id === 'hk-zh-characters');
  return (set && set.rules && set.rules.simplified && set.rules.simplified.map) || {};
}

module.exports = { buildPhraseTable, simplifiedMap };
