#!/usr/bin/env node
// npm run bench:check — Wenshu's whole check against textlint + textlint-rule-prh on the same text.
//
// 1. Generates a deterministic 100,000-character bilingual draft (bench/corpus.js).
// 2. Checks it with Wenshu's engine, every built-in rule set (dist/core, built by `npm run build:node`).
// 3. Lints it with @textlint/kernel + the text plugin + textlint-rule-prh, whose dictionary is generated
//    (in a temporary folder) from the same substitution dictionary: every `swap` of the substitution rules
//    and every `map` of the script rules in Wenshu's built-in rule sets.
// 4. Prints median times over N timed runs (after warm-up runs), finding counts, the ratio, and the targets:
//    whole check <= 50 ms for 100,000 characters; >= 10 times faster than textlint+prh.
//
// Run with `node --expose-gc` (as `npm run bench:check` does) to collect garbage between timed runs.
// Options: --runs N (Wenshu timed runs, default 30), --textlint-runs N (default 5), --warmup N (default 3),
//          --size N (characters, default 100000), --json (one JSON object instead of the table),
//          --strict (exit 1 when a target is missed).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { generateCorpus } = require('./corpus');

const TARGET_MS = 50;
const TARGET_RATIO = 10;

function parseArgs(argv) {
  const args = { runs: 30, textlintRuns: 5, warmup: 3, size: 100_000, json: false, strict: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a whole number`);
      return n;
    };
    if (a === '--runs') args.runs = Math.max(1, num());
    else if (a === '--textlint-runs') args.textlintRuns = Math.max(1, num());
    else if (a === '--warmup') args.warmup = num();
    else if (a === '--size') args.size = num();
    else if (a === '--json') args.json = true;
    else if (a === '--strict') args.strict = true;
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

function loadEngine() {
  const dist = path.join(__dirname, '..', 'dist', 'core');
  try {
    return {
      checks: require(path.join(dist, 'checks', 'index.js')),
      document: require(path.join(dist, 'text', 'document.js')),
      builtin: require(path.join(dist, 'checks', 'rulesets', 'builtin.generated.js')),
    };
  } catch (err) {
    console.error(`bench:check: cannot load the built engine from ${path.relative(process.cwd(), dist)} (${err.message.split('\n')[0]}).`);
    console.error('Run `npm run build:node` first.');
    process.exit(2);
  }
}

/** [pattern, replacement, ignorecase] for every swap/map entry of the built-in rule sets, first replacement of a list. */
function substitutionDictionary(ruleSets) {
  const entries = new Map();
  for (const set of ruleSets) {
    for (const rule of Object.values(set.rules || {})) {
      const table = rule.extends === 'substitution' ? rule.swap : rule.extends === 'script' ? rule.map : null;
      if (!table) continue;
      for (const [pattern, replacement] of Object.entries(table)) {
        const first = Array.isArray(replacement) ? replacement[0] : replacement;
        if (!entries.has(pattern)) entries.set(pattern, [pattern, first, Boolean(rule.ignorecase)]);
      }
    }
  }
  return [...entries.values()];
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A prh dictionary (YAML) with the same entries. Every pattern is written as an escaped /regex/ (with `i` for
 * case-insensitive rules): prh's own escaping of literal strings produces `\-`, which its `u` flag rejects.
 */
function prhYaml(dictionary) {
  const lines = ['version: 1', 'rules:'];
  for (const [pattern, expected, ignorecase] of dictionary) {
    lines.push(`  - expected: ${JSON.stringify(expected)}`);
    lines.push(`    pattern: ${JSON.stringify(`/${escapeRegExp(pattern)}/${ignorecase ? 'i' : ''}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const interop = (mod) => (mod && mod.__esModule && mod.default ? mod.default : mod);

async function time(runs, warmup, fn) {
  let last;
  for (let i = 0; i < warmup; i++) last = await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    if (typeof global.gc === 'function') global.gc(); // start each run with a clean heap (node --expose-gc)
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs, result: last };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { checks, document, builtin } = loadEngine();
  const ruleSets = builtin.BUILTIN_RULE_SETS;
  const corpus = generateCorpus({ size: args.size });
  const text = corpus.text;

  // --- Wenshu: every built-in rule set; compiling (the automaton) happens once, outside the timed runs.
  const t0 = performance.now();
  const checker = checks.createChecker();
  const compileMs = performance.now() - t0;
  const wenshu = await time(args.runs, args.warmup, () => checker.check(document.fromPlainText(text)));
  const findings = wenshu.result;
  const typeOf = new Map();
  for (const set of ruleSets) for (const [name, rule] of Object.entries(set.rules || {})) typeOf.set(`${set.id}/${name}`, rule.extends);
  const dictionaryFindings = findings.filter((f) => ['substitution', 'script'].includes(typeOf.get(f.ruleId))).length;
  const byLevel = { error: 0, warning: 0, suggestion: 0 };
  const bySet = {};
  for (const f of findings) {
    byLevel[f.level] = (byLevel[f.level] || 0) + 1;
    const set = f.ruleId.split('/')[0];
    bySet[set] = (bySet[set] || 0) + 1;
  }

  // --- textlint + prh with the same dictionary.
  const dictionary = substitutionDictionary(ruleSets);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-bench-'));
  let textlint;
  try {
    const prhFile = path.join(dir, 'prh.yml');
    fs.writeFileSync(prhFile, prhYaml(dictionary));
    const { TextlintKernel } = require('@textlint/kernel');
    const kernel = new TextlintKernel();
    const options = {
      filePath: path.join(dir, 'corpus.txt'),
      ext: '.txt',
      plugins: [{ pluginId: 'text', plugin: interop(require('@textlint/textlint-plugin-text')) }],
      rules: [{ ruleId: 'prh', rule: interop(require('textlint-rule-prh')), options: { rulePaths: [prhFile] } }],
    };
    textlint = await time(args.textlintRuns, Math.min(args.warmup, 1), () => kernel.lintText(text, options));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const ratio = textlint.median / wenshu.median;
  const report = {
    corpus: { characters: [...text].length, paragraphs: corpus.paragraphs, seededMistakes: corpus.seeded },
    ruleSets: ruleSets.map((s) => s.id),
    dictionaryEntries: dictionary.length,
    wenshu: {
      compileMs: round(compileMs),
      medianMs: round(wenshu.median),
      minMs: round(wenshu.min),
      maxMs: round(wenshu.max),
      runs: wenshu.runs,
      findings: findings.length,
      dictionaryFindings,
      byLevel,
      bySet,
    },
    textlintPrh: {
      medianMs: round(textlint.median),
      minMs: round(textlint.min),
      maxMs: round(textlint.max),
      runs: textlint.runs,
      findings: textlint.result.messages.length,
    },
    ratio: round(ratio),
    targets: {
      wholeCheckMs: { target: TARGET_MS, met: wenshu.median <= TARGET_MS },
      fasterThanTextlint: { target: TARGET_RATIO, met: ratio >= TARGET_RATIO },
    },
  };

  if (args.json) console.log(JSON.stringify(report, null, 2));
  else print(report);
  if (args.strict && !(report.targets.wholeCheckMs.met && report.targets.fasterThanTextlint.met)) process.exitCode = 1;
}

function round(x) {
  return Math.round(x * 100) / 100;
}

function print(r) {
  const seeded = Object.entries(r.corpus.seededMistakes).map(([k, v]) => `${k} ${v}`).join(', ');
  const ok = (met) => (met ? 'met' : 'MISSED');
  console.log('Wenshu check benchmark');
  console.log(`  corpus            ${r.corpus.characters.toLocaleString('en-GB')} characters, ${r.corpus.paragraphs.zh} Chinese + ${r.corpus.paragraphs.en} English paragraphs`);
  console.log(`  seeded mistakes   ${seeded}`);
  console.log(`  rule sets         ${r.ruleSets.join(', ') || '(none built yet)'}`);
  console.log(`  dictionary        ${r.dictionaryEntries} substitution/script entries, shared by both checkers`);
  console.log('');
  console.log(`  Wenshu (all rule sets)   median ${fmt(r.wenshu.medianMs)}  min ${fmt(r.wenshu.minMs)}  max ${fmt(r.wenshu.maxMs)}  (${r.wenshu.runs} runs; compile ${fmt(r.wenshu.compileMs)} once)`);
  console.log(`    findings               ${r.wenshu.findings} (${r.wenshu.dictionaryFindings} from the shared dictionary; errors ${r.wenshu.byLevel.error}, warnings ${r.wenshu.byLevel.warning}, suggestions ${r.wenshu.byLevel.suggestion})`);
  console.log(`    by rule set            ${Object.entries(r.wenshu.bySet).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`);
  console.log(`  textlint + prh           median ${fmt(r.textlintPrh.medianMs)}  min ${fmt(r.textlintPrh.minMs)}  max ${fmt(r.textlintPrh.maxMs)}  (${r.textlintPrh.runs} runs)`);
  console.log(`    findings               ${r.textlintPrh.findings}`);
  console.log('');
  console.log(`  ratio                    ${r.ratio}x faster than textlint+prh`);
  console.log(`  target: whole check <= ${r.targets.wholeCheckMs.target} ms          ${ok(r.targets.wholeCheckMs.met)}`);
  console.log(`  target: >= ${r.targets.fasterThanTextlint.target}x faster than textlint+prh  ${ok(r.targets.fasterThanTextlint.met)}`);
}

function fmt(ms) {
  return `${ms.toFixed(2)} ms`.padStart(11);
}

module.exports = { substitutionDictionary, prhYaml };

if (require.main === module) {
  main().catch((err) => {
    console.error(`bench:check failed: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  });
}
