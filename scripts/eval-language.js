#!/usr/bin/env node
// npm run eval:language — Wenshu's Chinese checks and offline formalise measured on a corpus nobody here wrote:
// 1,004 sentence pairs of spoken Cantonese and their standard written Chinese rendering from the Universal
// Dependencies Cantonese-HK / Chinese-HK treebanks (../shared/corpora/ud-hk, see its README). Measure, not tune.
//
// Prints, against the targets of issue 12:
//   - Cantonese recall: Cantonese sentences that differ from their rendering and get any hk-zh-formal finding;
//   - false alarms: written-Chinese sentences with an hk-zh-formal error (and with any finding), top offenders;
//   - mean sentence chrF (n = 1..4, β = 2) of offline formalise(Cantonese) against the rendering, beside the unchanged Cantonese;
//   - formalise outputs that still contain a typical Cantonese-only character yet are not marked partial.
// Options: --json (one JSON object instead of the report), --corpus PATH (another pairs.tsv with the same columns).
// Uses the compiled engine in dist/ (`npm run build:node`). Exits 2 when the corpus or the build is missing.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { corpusChrf, meanChrf } = require('./lib/chrf');

const DEFAULT_CORPUS = path.resolve(__dirname, '../../shared/corpora/ud-hk/pairs.tsv');
// Cantonese features left in a formalise output: the Cantonese detector (dist/core/checks/context/cantonese.js, in
// the spirit of cantonesedetect: Cantonese-only characters, words and constructions such as 同佢, 佢話, 傾過, 日日)
// together with a fixed list of characters written Chinese does not use, kept from the first edition so the
// measure does not rest on the detector alone.
const CANTONESE_CHARS = [...'嘅咗喺冇佢唔嘢啲乜嚟睇哋咁嗰噉㗎嘞喎啱攞俾畀'];
const TARGETS = { recall: 0.95, falseAlarmsError: 0.005, chrf: 45, unmarkedPartial: 0 };

function fail(message) {
  console.error(`eval:language: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { json: false, corpus: DEFAULT_CORPUS };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = true;
    else if (argv[i] === '--corpus' && argv[i + 1]) args.corpus = path.resolve(argv[++i]);
    else fail(`unknown option ${argv[i]} (options: --json, --corpus PATH)`);
  }
  return args;
}

function readPairs(file) {
  if (!fs.existsSync(file)) fail(`the corpus ${file} is missing (expected ../shared/corpora/ud-hk/pairs.tsv beside the repository).`);
  const [header, ...lines] = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const cols = header.split('\t');
  const at = { id: cols.indexOf('id'), cantonese: cols.indexOf('cantonese'), written: cols.indexOf('written_chinese') };
  if (Object.values(at).some((i) => i < 0)) fail(`${file} needs the columns id, cantonese and written_chinese; it has ${cols.join(', ')}.`);
  return lines.map((l) => {
    const f = l.split('\t');
    return { id: f[at.id], cantonese: f[at.cantonese] || '', written: f[at.written] || '' };
  });
}

function loadEngine() {
  const dist = path.join(__dirname, '..', 'dist', 'core');
  try {
    return {
      checks: require(path.join(dist, 'checks', 'index.js')),
      document: require(path.join(dist, 'text', 'document.js')),
      formalise: require(path.join(dist, 'transform', 'formalise.js')).formalise,
      cantonese: require(path.join(dist, 'checks', 'context', 'cantonese.js')),
    };
  } catch (err) {
    fail(`cannot load the built engine from dist/core (${err.message.split('\n')[0]}); run \`npm run build:node\` first.`);
  }
}

const share = (n, d) => (d ? n / d : 0);
const pct = (x) => `${(100 * x).toFixed(1)}%`;

function measure(pairs, { checks, document, formalise, cantonese }) {
  const checker = checks.createChecker({ ruleSets: ['hk-zh-formal'] });
  const find = (text) => checker.check(document.fromPlainText(text), { lang: 'zh-HK' });
  const hasChar = (text) => CANTONESE_CHARS.some((c) => text.includes(c));
  const hasFeature = (text) => hasChar(text) || cantonese.cantoneseFeatures(text).length > 0;

  let differing = 0;
  let flaggedDiffering = 0;
  let flaggedAll = 0;
  let withFeature = 0;
  let flaggedWithFeature = 0;
  let writtenError = 0;
  let writtenAny = 0;
  const offenders = new Map();
  const formalised = [];
  const unchanged = [];
  let stillFeature = 0;
  let unmarked = 0;
  const unmarkedExamples = [];

  for (const p of pairs) {
    const flagged = find(p.cantonese).length > 0;
    if (flagged) flaggedAll++;
    if (p.cantonese !== p.written) {
      differing++;
      if (flagged) flaggedDiffering++;
    }
    if (hasChar(p.cantonese)) {
      withFeature++;
      if (flagged) flaggedWithFeature++;
    }

    const onWritten = find(p.written);
    if (onWritten.length) writtenAny++;
    const errors = onWritten.filter((f) => f.level === 'error');
    if (errors.length) writtenError++;
    for (const f of onWritten) {
      const key = `${f.text}\t${f.ruleId}\t${f.level}`;
      offenders.set(key, (offenders.get(key) || 0) + 1);
    }

    const out = formalise(p.cantonese);
    formalised.push([out.text, p.written]);
    unchanged.push([p.cantonese, p.written]);
    if (hasFeature(out.text)) {
      stillFeature++;
      if (!out.partial) {
        unmarked++;
        if (unmarkedExamples.length < 5) unmarkedExamples.push({ id: p.id, output: out.text });
      }
    }
  }

  const top = [...offenders.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([key, count]) => {
      const [text, ruleId, level] = key.split('\t');
      return { text, ruleId, level, count };
    });
  const n = pairs.length;
  const recall = share(flaggedDiffering, differing);
  const falseError = share(writtenError, n);
  const chrfFormalised = meanChrf(formalised);
  const chrfUnchanged = meanChrf(unchanged);
  const unmarkedShare = share(unmarked, n);
  return {
    corpus: { pairs: n, differing, withCantoneseCharacter: withFeature },
    recall: {
      flaggedDiffering,
      differing,
      ofDiffering: recall,
      flaggedAll,
      ofAll: share(flaggedAll, n),
      flaggedWithCantoneseCharacter: flaggedWithFeature,
      withCantoneseCharacter: withFeature,
      target: TARGETS.recall,
      met: recall >= TARGETS.recall,
    },
    falseAlarms: {
      errorLevel: writtenError,
      errorShare: falseError,
      anyLevel: writtenAny,
      anyShare: share(writtenAny, n),
      top,
      target: TARGETS.falseAlarmsError,
      met: falseError <= TARGETS.falseAlarmsError,
    },
    chrf: {
      n: '1..4',
      beta: 2,
      unchanged: chrfUnchanged,
      formalised: chrfFormalised,
      corpusLevel: { unchanged: corpusChrf(unchanged), formalised: corpusChrf(formalised) },
      target: TARGETS.chrf,
      met: chrfFormalised >= TARGETS.chrf,
    },
    unmarkedPartial: {
      featureList: CANTONESE_CHARS.join(''),
      detector: 'the Cantonese detector (cantonesedetect-style features) or one of the listed characters',
      outputsWithFeature: stillFeature,
      notMarkedPartial: unmarked,
      share: unmarkedShare,
      examples: unmarkedExamples,
      target: TARGETS.unmarkedPartial,
      met: unmarked <= TARGETS.unmarkedPartial,
    },
  };
}

function report(r, corpusFile) {
  const mark = (met) => (met ? 'met' : 'NOT met');
  const lines = [
    `Wenshu language evaluation — ${path.relative(process.cwd(), corpusFile) || corpusFile}`,
    `${r.corpus.pairs} pairs; ${r.corpus.differing} Cantonese sentences differ from their written rendering; ${r.corpus.withCantoneseCharacter} contain a typical Cantonese character.`,
    '',
    'Cantonese recall (any hk-zh-formal finding)',
    `  of those that differ from the rendering  ${r.recall.flaggedDiffering}/${r.recall.differing} = ${r.recall.ofDiffering.toFixed(3)}   target >= ${r.recall.target}  ${mark(r.recall.met)}`,
    `  of all ${r.corpus.pairs}                            ${r.recall.flaggedAll}/${r.corpus.pairs} = ${r.recall.ofAll.toFixed(3)}`,
    `  of those with a Cantonese character      ${r.recall.flaggedWithCantoneseCharacter}/${r.recall.withCantoneseCharacter}`,
    '',
    'False alarms on the written Chinese (hk-zh-formal)',
    `  error level  ${r.falseAlarms.errorLevel}/${r.corpus.pairs} = ${pct(r.falseAlarms.errorShare)}   target <= ${pct(r.falseAlarms.target)}  ${mark(r.falseAlarms.met)}`,
    `  any level    ${r.falseAlarms.anyLevel}/${r.corpus.pairs} = ${pct(r.falseAlarms.anyShare)}`,
    '  top offenders (text, rule, level, findings):',
    ...r.falseAlarms.top.map((t) => `    ${t.text}  ${t.ruleId}  ${t.level}  ×${t.count}`),
    '',
    `formalise chrF (character n-grams ${r.chrf.n}, β = ${r.chrf.beta}) against the written rendering: mean of sentences (corpus level)`,
    `  unchanged Cantonese  ${r.chrf.unchanged.toFixed(1)} (${r.chrf.corpusLevel.unchanged.toFixed(1)})`,
    `  offline formalise    ${r.chrf.formalised.toFixed(1)} (${r.chrf.corpusLevel.formalised.toFixed(1)})   target >= ${r.chrf.target}  ${mark(r.chrf.met)}`,
    '',
    `formalise outputs still containing a Cantonese feature yet not marked partial`,
    `  (the Cantonese detector, or one of the characters ${r.unmarkedPartial.featureList})`,
    `  with a feature left  ${r.unmarkedPartial.outputsWithFeature}/${r.corpus.pairs}`,
    `  not marked partial   ${r.unmarkedPartial.notMarkedPartial}/${r.corpus.pairs} = ${pct(r.unmarkedPartial.share)}   target ${r.unmarkedPartial.target}  ${mark(r.unmarkedPartial.met)}`,
    ...r.unmarkedPartial.examples.map((e) => `    e.g. #${e.id}: ${e.output}`),
  ];
  return lines.join('\n');
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const pairs = readPairs(args.corpus);
  const result = measure(pairs, loadEngine());
  if (args.json) console.log(JSON.stringify(result));
  else console.log(report(result, args.corpus));
}

main();
