#!/usr/bin/env node
// npm run bench:knowledge — the department knowledge index at scale.
//
// 1. Generates a deterministic corpus of 50,000 passages (--chunks N) as Markdown files in a temporary folder:
//    20 departments and a shared folder, 25 numbered paragraphs per file under five headings, every paragraph
//    one passage. Paragraphs are recombined from the sentences of the sample knowledge bases (templates/*/knowledge)
//    with their numbers, places and names varied, plus generated vocabulary (street and estate names, Chinese
//    words), so that the index has a realistic spread of rare and common terms, in Chinese and English.
// 2. Builds the index from the files with the real indexer (dist/gateway/knowledge, built by `npm run build:node`):
//    read, chunk, analyse (jieba + bigrams, Porter2), insert into SQLite FTS5. Reports the time and the size of
//    the index file; then times a second, incremental run over the unchanged files.
// 3. Times --queries N lexical searches (top 5, one department's scope each) on this one thread: the evaluation
//    questions and random phrases cut from the corpus, in both languages. Reports p50 / p90 / p99 / max.
// 4. Prints the targets: build of 50,000 passages <= 60 s, query p50 <= 10 ms, p99 <= 50 ms.
//
// Options: --chunks N (default 50000), --queries N (default 1000), --keep (keep the temporary folder),
//          --json (one JSON object), --strict (exit 1 when a target is missed).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const TARGETS = { buildSeconds: 60, p50Ms: 10, p99Ms: 50 };
const ROOT = path.join(__dirname, '..');

function parseArgs(argv) {
  const args = { chunks: 50_000, queries: 1_000, keep: false, json: false, strict: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a whole number`);
      return n;
    };
    if (a === '--chunks') args.chunks = num();
    else if (a === '--queries') args.queries = num();
    else if (a === '--keep') args.keep = true;
    else if (a === '--json') args.json = true;
    else if (a === '--strict') args.strict = true;
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sentences of the sample knowledge bases (Markdown and text only), by language. */
function sampleSentences() {
  const zh = [];
  const en = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|txt)$/.test(e.name) && !/^readme/i.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8').replace(/^---[\s\S]*?---/, '');
        for (const line of text.split('\n')) {
          const body = line.replace(/^(#+\s*|\d+\.\s*|[一二三四五六七八九十]+、|問\d*：|答：|Q\d*\.\s*|A\d*\.\s*)/, '').trim();
          if (body.length < 12 || /^[-=|]/.test(body)) continue;
          for (const s of body.split(/(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z])/)) {
            const t = s.trim();
            if (!t) continue;
            if (/[\u4e00-\u9fff]/.test(t) && t.length >= 10) zh.push(t);
            else if (/^[A-Z]/.test(t) && t.split(' ').length >= 6) en.push(t);
          }
        }
      }
    }
  };
  for (const dept of ['fehd', 'td', 'shared']) {
    const dir = path.join(ROOT, 'templates', dept, 'knowledge');
    if (fs.existsSync(dir)) walk(dir);
  }
  return { zh, en };
}

const SYLLABLES = 'ka ma lo sun wing tai kwun shan chung wan tsuen lung fu hing yau tin kei sha tong mei on shing po lam hang choi fung'.split(' ');
const STREET = ['Road', 'Street', 'Lane', 'Path', 'Avenue', 'Terrace', 'Estate', 'Market', 'Centre', 'Park'];

/** Generated vocabulary: English place names and Chinese two- to four-character words. */
function vocabulary(random, hanPool) {
  const places = [];
  for (let i = 0; i < 4000; i++) {
    const n = 2 + Math.floor(random() * 2);
    let name = '';
    for (let j = 0; j < n; j++) name += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    places.push(`${name[0].toUpperCase()}${name.slice(1)} ${STREET[Math.floor(random() * STREET.length)]}`);
  }
  const words = [];
  for (let i = 0; i < 6000; i++) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let j = 0; j < n; j++) w += hanPool[Math.floor(random() * hanPool.length)];
    words.push(w);
  }
  return { places, words };
}

/**
 * Writes the corpus: `chunks` numbered paragraphs in files of 25 under dir/<dept>/knowledge/. Returns the phrases
 * used for queries and the departments.
 */
function generateCorpus(dir, chunks, seed = 42) {
  const random = rng(seed);
  const pick = (arr) => arr[Math.floor(random() * arr.length)];
  const { zh, en } = sampleSentences();
  const hanPool = [...new Set(zh.join('').match(/[\u4e00-\u9fff]/g))];
  const vocab = vocabulary(random, hanPool);
  const departments = Array.from({ length: 20 }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);
  const perFile = 25;
  const files = Math.ceil(chunks / perFile);
  const phrases = [];
  let written = 0;
  for (let f = 0; f < files; f++) {
    const dept = f % 25 === 24 ? 'shared' : departments[f % departments.length];
    const chinese = random() < 0.5;
    const lines = [`# ${chinese ? `${pick(vocab.words)}${pick(['指引', '常見問題', '標準回覆', '通告'])}` : `${pick(vocab.places)} ${pick(['Guidelines', 'FAQ', 'Standard Replies', 'Circular'])}`} ${f}`, ''];
    for (let p = 0; p < perFile && written < chunks; p++, written++) {
      if (p % 5 === 0) lines.push(`## ${chinese ? `${pick(vocab.words)}${pick(vocab.words)}` : `${pick(vocab.places)} ${pick(['arrangements', 'enquiries', 'fees', 'inspections', 'complaints'])}`}`, '');
      const n = 2 + Math.floor(random() * 2);
      const parts = [];
      // At least n sentences, and enough text (about 60 characters or 30 words) to be a passage of its own.
      for (let s = 0; s < n || (chinese ? parts.join('').length < 60 : parts.join(' ').split(' ').length < 30); s++) {
        let sentence = chinese ? pick(zh) : pick(en);
        sentence = sentence.replace(/\d+/g, () => String(1 + Math.floor(random() * 90)));
        parts.push(sentence);
      }
      const extra = chinese ? `有關${pick(vocab.words)}及${pick(vocab.words)}的安排，請聯絡${pick(vocab.words)}辦事處。` : `Arrangements for ${pick(vocab.places)} and ${pick(vocab.places)} are handled by the ${pick(vocab.places)} office.`;
      const text = `${p + 1}. ${parts.join(chinese ? '' : ' ')} ${extra}`;
      lines.push(text, '');
      if (random() < 0.02) phrases.push({ department: dept === 'shared' ? pick(departments) : dept, text: fragment(text, chinese, random) });
    }
    const target = path.join(dir, dept, 'knowledge', `doc-${String(f).padStart(5, '0')}.md`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, lines.join('\n'));
  }
  return { departments, phrases, files };
}

function fragment(text, chinese, random) {
  const body = text.replace(/^\d+\.\s*/, '');
  if (chinese) {
    const han = body.replace(/[^\u4e00-\u9fff]/g, '');
    const len = 4 + Math.floor(random() * 9);
    const start = Math.floor(random() * Math.max(1, han.length - len));
    return han.slice(start, start + len);
  }
  const words = body.split(/\s+/);
  const len = 3 + Math.floor(random() * 6);
  const start = Math.floor(random() * Math.max(1, words.length - len));
  return words.slice(start, start + len).join(' ');
}

function evalQuestions() {
  try {
    const YAML = require('yaml');
    return YAML.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'knowledge-eval', 'questions.yaml'), 'utf8')).map((q) => q.question);
  } catch {
    return [];
  }
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function dirSize(file) {
  let n = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      n += fs.statSync(file + suffix).size;
    } catch {
      // absent
    }
  }
  return n;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let knowledge;
  try {
    knowledge = require(path.join(ROOT, 'dist', 'gateway', 'knowledge', 'index.js'));
  } catch (err) {
    console.error(`bench:knowledge: cannot load dist/gateway/knowledge (${err.message.split('\n')[0]}). Run \`npm run build:node\` first.`);
    process.exit(2);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-kbench-'));
  const templates = path.join(tmp, 'templates');
  const dbPath = path.join(tmp, 'knowledge.db');
  try {
    const g0 = performance.now();
    const corpus = generateCorpus(templates, args.chunks);
    const generateMs = performance.now() - g0;

    // Warm the analyser (loads jieba's dictionary) outside the timing, as a running gateway has.
    knowledge.analyze('預熱 warm-up');
    const kb = new knowledge.KnowledgeBase({ templatesDir: templates, dbPath });
    const b0 = performance.now();
    const summary = await kb.refresh();
    const buildMs = performance.now() - b0;
    const indexed = summary.departments.reduce((n, d) => n + d.chunks, 0);
    const r0 = performance.now();
    const again = await kb.refresh();
    const refreshMs = performance.now() - r0;
    kb.close();
    const sizeBytes = dirSize(dbPath);

    const search = new knowledge.KnowledgeBase({ templatesDir: templates, dbPath });
    const random = rng(7);
    const questions = evalQuestions();
    const queries = [];
    for (let i = 0; i < args.queries; i++) {
      const dept = corpus.departments[Math.floor(random() * corpus.departments.length)];
      if (i % 2 === 0 && questions.length) queries.push({ department: dept, text: questions[Math.floor(random() * questions.length)] });
      else {
        const p = corpus.phrases[Math.floor(random() * corpus.phrases.length)];
        queries.push({ department: p.department, text: p.text });
      }
    }
    for (const q of queries.slice(0, 50)) search.searchLexical(q.department, q.text, 5); // warm-up
    const times = [];
    let empty = 0;
    for (const q of queries) {
      const t = performance.now();
      const hits = search.searchLexical(q.department, q.text, 5);
      times.push(performance.now() - t);
      if (!hits.length) empty++;
      for (const h of hits) if (h.department !== q.department && !h.shared) throw new Error(`scope violated: ${q.department} got ${h.id}`);
    }
    search.close();
    times.sort((a, b) => a - b);
    const result = {
      chunks: indexed,
      files: corpus.files,
      generateSeconds: +(generateMs / 1000).toFixed(2),
      buildSeconds: +(buildMs / 1000).toFixed(2),
      chunksPerSecond: Math.round(indexed / (buildMs / 1000)),
      incrementalRefreshMs: Math.round(refreshMs),
      unchangedFiles: again.departments.reduce((n, d) => n + d.unchanged, 0),
      indexMB: +(sizeBytes / 1024 / 1024).toFixed(1),
      queries: times.length,
      emptyResults: empty,
      p50Ms: +percentile(times, 50).toFixed(2),
      p90Ms: +percentile(times, 90).toFixed(2),
      p99Ms: +percentile(times, 99).toFixed(2),
      maxMs: +times[times.length - 1].toFixed(2),
    };
    const met = {
      build: result.buildSeconds <= TARGETS.buildSeconds,
      p50: result.p50Ms <= TARGETS.p50Ms,
      p99: result.p99Ms <= TARGETS.p99Ms,
    };
    if (args.json) console.log(JSON.stringify({ ...result, targets: TARGETS, met }));
    else {
      const ok = (b) => (b ? 'met' : 'MISSED');
      console.log(`knowledge bench: ${result.chunks.toLocaleString('en')} passages in ${result.files} files (${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version})`);
      console.log(`  corpus generated      ${result.generateSeconds} s`);
      console.log(`  index build           ${result.buildSeconds} s  (${result.chunksPerSecond.toLocaleString('en')} passages/s)   target <= ${TARGETS.buildSeconds} s: ${ok(met.build)}`);
      console.log(`  incremental refresh   ${result.incrementalRefreshMs} ms over ${result.unchangedFiles} unchanged files`);
      console.log(`  index size            ${result.indexMB} MB`);
      console.log(`  queries               ${result.queries} (${result.emptyResults} without results), one thread`);
      console.log(`  latency p50           ${result.p50Ms} ms   target <= ${TARGETS.p50Ms} ms: ${ok(met.p50)}`);
      console.log(`  latency p90           ${result.p90Ms} ms`);
      console.log(`  latency p99           ${result.p99Ms} ms   target <= ${TARGETS.p99Ms} ms: ${ok(met.p99)}`);
      console.log(`  latency max           ${result.maxMs} ms`);
      console.log(`targets ${met.build && met.p50 && met.p99 ? 'met' : 'missed'}`);
    }
    if (args.strict && !(met.build && met.p50 && met.p99)) process.exitCode = 1;
  } finally {
    if (args.keep) console.error(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { generateCorpus, rng };

if (require.main === module) {
  main().catch((err) => {
    console.error(`bench:knowledge: ${err.stack || err.message}`);
    process.exit(1);
  });
}
