// chrF (Popović 2015): character n-gram F-score, as sacreBLEU computes it by default (n = 1..6 there; Wenshu uses
// n = 1..4, β = 2). Whitespace is ignored; punctuation counts. For each order n the clipped n-gram matches give a
// precision and a recall; the F-β of each order is averaged over the orders that both sides have. Two corpus
// figures: the mean of the sentence scores (meanChrf; the figure issue 12 quotes and sets its target on), and one
// score from the counts summed over all sentences (corpusChrf, as sacreBLEU's corpus_score; long sentences weigh more).
'use strict';

/** Counts of the character n-grams of one order. */
function ngrams(chars, n) {
  const counts = new Map();
  for (let i = 0; i + n <= chars.length; i++) {
    const g = chars.slice(i, i + n).join('');
    counts.set(g, (counts.get(g) || 0) + 1);
  }
  return counts;
}

/** Per order n = 1..maxN: [hypothesis n-grams, reference n-grams, matching n-grams (clipped)]. */
function chrfStats(hypothesis, reference, maxN = 4) {
  const hyp = [...hypothesis.replace(/\s+/gu, '')];
  const ref = [...reference.replace(/\s+/gu, '')];
  const stats = [];
  for (let n = 1; n <= maxN; n++) {
    const h = ngrams(hyp, n);
    const r = ngrams(ref, n);
    let match = 0;
    for (const [g, c] of h) match += Math.min(c, r.get(g) || 0);
    stats.push([Math.max(hyp.length - n + 1, 0), Math.max(ref.length - n + 1, 0), match]);
  }
  return stats;
}

/** The score (0..100) from per-order counts. */
function chrfFromStats(stats, beta = 2) {
  const b2 = beta * beta;
  let sum = 0;
  let orders = 0;
  for (const [nHyp, nRef, nMatch] of stats) {
    if (nHyp === 0 || nRef === 0) continue; // an order one side is too short to have does not count
    orders++;
    const p = nMatch / nHyp;
    const r = nMatch / nRef;
    if (p + r > 0) sum += ((1 + b2) * p * r) / (b2 * p + r);
  }
  return orders ? (100 * sum) / orders : 0;
}

/** chrF of one sentence against its reference. */
function chrf(hypothesis, reference, { maxN = 4, beta = 2 } = {}) {
  return chrfFromStats(chrfStats(hypothesis, reference, maxN), beta);
}

/** Corpus chrF of [hypothesis, reference] pairs: counts summed over the corpus, then one score. */
function corpusChrf(pairs, { maxN = 4, beta = 2 } = {}) {
  const total = Array.from({ length: maxN }, () => [0, 0, 0]);
  for (const [hyp, ref] of pairs) {
    chrfStats(hyp, ref, maxN).forEach((s, i) => {
      for (let k = 0; k < 3; k++) total[i][k] += s[k];
    });
  }
  return chrfFromStats(total, beta);
}

/** The mean of the sentence chrF scores of [hypothesis, reference] pairs. */
function meanChrf(pairs, options = {}) {
  if (!pairs.length) return 0;
  let sum = 0;
  for (const [hyp, ref] of pairs) sum += chrf(hyp, ref, options);
  return sum / pairs.length;
}

module.exports = { chrf, chrfStats, chrfFromStats, corpusChrf, meanChrf };
