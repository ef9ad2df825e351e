// The word-boundary model behind the `word: true` rule condition: which dictionary words may cross the edge of a
// rule's token, with their frequencies, so the checker can tell 然而|家傭 from 而家 ("now") without a list of
// exceptions. Built from jieba's general dictionary (@node-rs/jieba/dict.txt, MIT; about 350,000 Mandarin words
// with corpus frequencies, Simplified), converted to Hong Kong Traditional by OpenCC (opencc-js, cn -> hk).
// Only the words that overlap a token of a `word: true` rule are kept (a few thousand), plus the frequency of each
// single character they use, so the model is small enough for the task pane.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Longest dictionary word the model considers (characters). */
const MAX_WORD = 4;
/**
 * Rarer words are left out: they would seldom win a segmentation against a token weighted as a common word, and
 * leaving them out keeps the model small (about a tenth of the words that overlap a token).
 */
const MIN_FREQ = 20;

function readDictionary() {
  const file = path.join(path.dirname(require.resolve('@node-rs/jieba/package.json')), 'dict.txt');
  const words = new Map();
  let total = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [word, freq] = line.split(' ');
    const n = Number(freq);
    if (!word || !Number.isFinite(n)) continue;
    total += n;
    words.set(word, (words.get(word) || 0) + n);
  }
  return { words, total };
}

/** Whether word w, placed at some offset, crosses an edge of token t or holds it inside a longer word. */
function overlaps(w, t) {
  if (w.length < 2) return false;
  if (w.length > t.length && w.includes(t)) return true;
  // w's end falls inside t: a proper suffix of w is a proper prefix of t (然而 + 而家).
  for (let k = 1; k < Math.min(w.length, t.length); k++) {
    if (w.endsWith(t.slice(0, k)) || w.startsWith(t.slice(t.length - k))) return true;
  }
  return false;
}

/**
 * tokens: the tokens of every `word: true` rule (HK Traditional). Returns { total, words, chars, tokens }:
 * words = crossing candidates (HK Traditional) -> frequency; chars = single-character frequencies;
 * tokens = each token's own dictionary frequency, where the dictionary has it.
 */
function buildLexicon(tokens) {
  const OpenCC = require('opencc-js');
  const toHk = OpenCC.Converter({ from: 'cn', to: 'hk' });
  const toCn = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const { words, total } = readDictionary();
  const wanted = [...new Set(tokens)].filter((t) => t.length >= 1);
  // Index tokens by their characters (in Simplified and Traditional), so each dictionary word is tested only
  // against the tokens that share a character with it.
  const byChar = new Map();
  for (const t of wanted) {
    for (const form of new Set([t, toCn(t)])) {
      for (const ch of new Set(form)) {
        if (!byChar.has(ch)) byChar.set(ch, new Set());
        byChar.get(ch).add(t);
      }
    }
  }
  const kept = new Map();
  const tokenFreq = {};
  const tokenSet = new Set(wanted);
  for (const [w, n] of words) {
    if (w.length > MAX_WORD || (w.length > 1 && n < MIN_FREQ) || !/^\p{Script=Han}+$/u.test(w)) continue;
    let candidates;
    for (const ch of w) {
      const s = byChar.get(ch);
      if (!s) continue;
      candidates ??= new Set();
      for (const t of s) candidates.add(t);
    }
    if (!candidates) continue;
    const hk = toHk(w);
    if (tokenSet.has(hk)) tokenFreq[hk] = Math.max(tokenFreq[hk] || 0, n);
    if (w.length < 2) continue;
    for (const t of candidates) {
      if (hk !== t && overlaps(hk, t)) {
        kept.set(hk, Math.max(kept.get(hk) || 0, n));
        break;
      }
    }
  }
  // A token written in a form the converter does not produce (隨著 for 随着) is found by its Simplified form.
  for (const t of wanted) {
    const n = words.get(toCn(t));
    if (n && !(t in tokenFreq)) tokenFreq[t] = n;
  }
  const chars = {};
  const need = new Set();
  for (const w of kept.keys()) for (const ch of w) need.add(ch);
  for (const t of wanted) for (const ch of t) need.add(ch);
  for (const [w, n] of words) {
    if (w.length !== 1) continue;
    const hk = toHk(w);
    if (need.has(hk)) chars[hk] = Math.max(chars[hk] || 0, n);
  }
  const sorted = Object.fromEntries([...kept.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  const sortedChars = Object.fromEntries(Object.entries(chars).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const sortedTokens = Object.fromEntries(Object.entries(tokenFreq).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  return { total, words: sorted, chars: sortedChars, tokens: sortedTokens };
}

/** The tokens of every rule that asks for whole words. */
function wordTokens(sets) {
  const out = [];
  for (const set of sets) {
    for (const rule of Object.values(set.rules || {})) {
      if (!rule) continue;
      const tokens = [...Object.keys(rule.swap || {}), ...Object.keys(rule.map || {}), ...(rule.tokens || [])];
      // `word: true` for every token, `word: REGEX` for the tokens it matches, and per-token `contexts`.
      const pick = rule.word === true ? () => true : typeof rule.word === 'string' ? (t) => new RegExp(rule.word, 'u').test(t) : () => false;
      out.push(...tokens.filter((t) => pick(t) || (rule.contexts && rule.contexts[t] && rule.contexts[t].word)));
    }
  }
  return out;
}

module.exports = { buildLexicon, wordTokens, overlaps, MAX_WORD };
