/**
 * bench:drafts — drafting with a model, over the realistic-model table (test/drafts/support/cases.js):
 *   - the share of drafts that conform with no finding left (no verification finding, no error-level house-rule
 *     finding), and the share that needed the repair round;
 *   - the latency normalisation and verification add to a 2,000-character draft, against passing the raw model
 *     text through (what the gateway did before), measured in the same run (target: <= 5 ms).
 * Runs the same core pipeline the gateway runs (dist/core/drafting, built by `npm run build:node`), fed the
 * table's scripted answers in small pieces as a streaming upstream sends them; the HTTP path itself is covered
 * by test/drafts/realistic-model.test.ts.
 */
'use strict';
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const dist = (p) => require(path.join(__dirname, '..', 'dist', p));
const { ModelDraft } = dist('core/drafting/model-draft');
const { writtenSections } = dist('core/templates/compose');
const { findTemplate, findDepartment } = dist('core/templates/loader');
const { checkerFor } = dist('core/checks/for-department');
const { templateCheckContext } = dist('core/templates/check-context');
const { fromMarkdown } = dist('core/text/document');
const { loadPacksFromDir } = dist('node/pack-source');
const { CASES, FIELDS, KEY_POINTS, blocks } = require('../test/drafts/support/cases');

const packs = loadPacksFromDir(path.join(__dirname, '..', 'templates'));
const NONCE = 'benchn1';
const SOURCES = 3;
const PIECE = 4;

function setupFor(templateKey, lang, fields, keyPoints) {
  const template = findTemplate(packs, templateKey);
  const department = findDepartment(packs, template.department);
  return {
    template,
    department,
    prompt: { tag: `section-${NONCE}`, ids: writtenSections(template, lang), sources: SOURCES, repair: false, repairIds: [], system: '', user: '' },
    draft: () =>
      new ModelDraft({ frame: { template, department, fields, lang }, nonce: NONCE, inputs: [...Object.values(fields), ...keyPoints], sources: SOURCES, model: 'bench', secrets: ['data-benchd1'] }),
  };
}

function pieces(text, size = PIECE) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------- shares over the table
let conforming = 0;
let repaired = 0;
let stopped = 0;
for (const c of CASES) {
  const kind = c.template.split('/')[1];
  const s = setupFor(c.template, c.lang, FIELDS[kind][c.lang], KEY_POINTS[c.lang]);
  const d = s.draft();
  const answer = c.first(s.prompt);
  const all = pieces(answer, 7);
  const sent = c.cutAfter !== undefined ? all.slice(0, c.cutAfter) : all;
  for (const p of sent) d.push(p, 'bench');
  if (c.cutAfter !== undefined) {
    stopped++;
    continue; // a stream cut midway ends in an error: nothing to insert, so not a conforming draft
  }
  const fixable = d.finishAnswer('bench');
  if (fixable.length && c.repair) {
    const plan = d.repairPlan();
    d.acceptRepair(c.repair({ ...s.prompt, repair: true, repairIds: plan.sections.map((x) => x.id) }), 'bench');
    repaired++;
  }
  d.finish();
  const o = d.outcome();
  const house = checkerFor(s.department, s.template).check(fromMarkdown(o.markdown), templateCheckContext(s.template, c.lang, s.template.classification));
  if (!o.remaining.length && !house.some((f) => f.level === 'error')) conforming++;
}

// ---------------------------------------------------------------- latency for a 2,000-character draft
function longAnswer(lang, p) {
  const zh = '本署人员发现街市的卫生情况有改善空间，已由11月20日起每日清洁街市两次，并会以短信通知有关商户。本署以后会继续密切监察这里的情况，确保环境干净。';
  const en = 'The Department organized additional cleansing at the market center, which has been cleansed twice daily from 20 November, and will keep the color-coded bins in good order. ';
  const unit = lang === 'zh-HK' ? zh : en;
  const preamble = lang === 'zh-HK' ? '好的，以下是回复内容：\n\n' : 'Sure, here is the draft:\n\n';
  // Paragraphs until the whole answer is 2,000 characters or just over.
  const response = [];
  const build = () => preamble + blocks(p, { response: response.join('\n\n'), 'follow-up': unit });
  while (build().length < 2_000) response.push(lang === 'zh-HK' ? unit + unit : unit);
  return build();
}

function timeIt(label, lang) {
  const fields = FIELDS['reply-public'][lang];
  const s = setupFor('fehd/reply-public', lang, fields, KEY_POINTS[lang]);
  const answer = longAnswer(lang, s.prompt);
  const chunks = pieces(answer);
  const runs = 300;
  const raw = [];
  const full = [];
  // Warm up both paths (JIT, converter tables, checker automata).
  for (let i = 0; i < 20; i++) {
    const d = s.draft();
    for (const p of chunks) d.push(p, 'bench');
    d.finishAnswer('bench');
    d.finish();
  }
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    let text = '';
    for (const p of chunks) text += p;
    raw.push(performance.now() - t);
    if (!text) throw new Error('empty');
    t = performance.now();
    const d = s.draft();
    for (const p of chunks) d.push(p, 'bench');
    d.finishAnswer('bench');
    d.finish();
    full.push(performance.now() - t);
  }
  const q = (xs, f) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * f))];
  const added = q(full, 0.5) - q(raw, 0.5);
  console.log(
    `${label.padEnd(8)} answer ${String(answer.length).padStart(5)} chars: raw pass-through median ${q(raw, 0.5).toFixed(3)} ms; ` +
      `normalise + verify + assemble median ${q(full, 0.5).toFixed(2)} ms, p95 ${q(full, 0.95).toFixed(2)} ms; added ${added.toFixed(2)} ms (target <= 5 ms: ${added <= 5 ? 'met' : 'NOT met'})`,
  );
}

const pct = (n) => `${((100 * n) / CASES.length).toFixed(0)}%`;
console.log(`bench:drafts over ${CASES.length} table cases (${new Set(CASES.map((c) => c.template)).size} templates x 2 languages)`);
console.log(`  conforming with no finding left: ${conforming}/${CASES.length} (${pct(conforming)})`);
console.log(`  repaired (one repair round):     ${repaired}/${CASES.length} (${pct(repaired)})`);
console.log(`  stopped midway (stream cut):     ${stopped}/${CASES.length} (${pct(stopped)}), nothing inserted`);
console.log('added latency for a 2,000-character draft:');
timeIt('zh-HK', 'zh-HK');
timeIt('en', 'en');
