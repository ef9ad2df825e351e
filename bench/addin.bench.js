#!/usr/bin/env node
/* eslint-disable no-console */
// npm run bench:addin — the task pane's weight and its time to first render, on the production build in dist/addin.
//
// 1. Initial JavaScript: the scripts taskpane.html loads before its first render (its own <script src> tags, i.e.
//    the entry's initial chunks; Microsoft's office.js from the CDN is not ours and not counted), each gzipped
//    with zlib (level 9, as webpack.config.js's GzipBudgetPlugin). Target: <= 350 KB.
// 2. First render in headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser): from navigation
//    start to the first paint of the pane's UI, i.e. the frame after the tab list appears (or the app's own
//    `performance.mark('wenshu:first-render')` when it sets one). Median of N cold loads, each in a fresh browser
//    context (empty cache), from a static server on 127.0.0.1. taskpane.html runs with office.js replaced by a
//    stub that reports Word (Office would otherwise load office.js from its cache; nothing leaves the machine).
//    Target: <= 1 s. preview.html (the same app beside the preview document) is measured too, for comparison.
//
// Options: --runs N (default 9), --json, --strict (exit 1 when a target is missed), --build (rebuild first even
// if dist/addin looks up to date; `npm run bench:addin` builds before it runs this), --no-build (measure dist/addin
// as it is, even if older than the sources).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const support = require('../scripts/e2e-support');

const TARGETS = { initialJsGzipBytes: 350 * 1024, firstRenderMs: 1000 };

// The Office.js stand-in served instead of the CDN's office.js: Word, display language zh-HK, every API set.
const OFFICE_STUB = `(() => {
  const info = { host: 'Word', platform: 'PC' };
  const settings = new Map();
  window.Office = {
    HostType: { Word: 'Word', Outlook: 'Outlook' },
    PlatformType: { PC: 'PC' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady(cb) { if (cb) setTimeout(() => cb(info)); return Promise.resolve(info); },
    context: {
      displayLanguage: 'zh-HK',
      requirements: { isSetSupported: () => true },
      document: { settings: { get: (k) => settings.get(k) ?? null, set: (k, v) => settings.set(k, v), remove: (k) => settings.delete(k), saveAsync: (o, cb) => (typeof o === 'function' ? o : cb)?.({ status: 'succeeded' }) } },
    },
  };
})();`;

// Runs in the page before its scripts: notes when the tab list first appears, then the frame after it is painted.
const PROBE = `(() => {
  const w = window;
  w.__wenshu = {};
  const seen = () => {
    if (w.__wenshu.tabsAt !== undefined) return;
    w.__wenshu.tabsAt = performance.now();
    requestAnimationFrame(() => setTimeout(() => { w.__wenshu.paintedAt = performance.now(); }, 0));
  };
  const paneSeen = () => { if (w.__wenshu.paneAt === undefined) w.__wenshu.paneAt = performance.now(); };
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="tabs"]')) seen();
    if (document.querySelector('[role="tabpanel"] [data-testid$="-pane"]')) paneSeen();
    if (w.__wenshu.tabsAt !== undefined && w.__wenshu.paneAt !== undefined) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true });
})();`;

function parseArgs(argv) {
  const args = { runs: 9, json: false, strict: false, build: false, noBuild: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') {
      args.runs = Number(argv[++i]);
      if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs needs a positive whole number');
    } else if (a === '--json') args.json = true;
    else if (a === '--strict') args.strict = true;
    else if (a === '--build') args.build = true;
    else if (a === '--no-build') args.noBuild = true;
    else throw new Error(`unknown option ${a} (known: --runs N, --json, --strict, --build, --no-build)`);
  }
  return args;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (v) => `${Math.round(v)} ms`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The local scripts an HTML page loads by itself (its entry's initial chunks), with raw and gzipped sizes. */
function initialScripts(page) {
  const html = fs.readFileSync(path.join(support.DIST, page), 'utf8');
  const files = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc=(?:"([^"]+)"|'([^']+)'|([^\s>]+))[^>]*>/gi)) {
    const src = m[1] || m[2] || m[3];
    if (/^(https?:)?\/\//i.test(src)) continue;
    const buffer = fs.readFileSync(path.join(support.DIST, src.split(/[?#]/)[0]));
    files.push({ file: src, raw: buffer.length, gzip: zlib.gzipSync(buffer, { level: 9 }).length });
  }
  return { files, raw: files.reduce((s, f) => s + f.raw, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

function gzipOf(file) {
  try {
    return zlib.gzipSync(fs.readFileSync(path.join(support.DIST, file)), { level: 9 }).length;
  } catch {
    return 0;
  }
}

async function loadOnce(browser, site, page) {
  const context = await browser.newContext({ viewport: { width: 380, height: 800 }, locale: 'zh-HK' });
  try {
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (err) => errors.push(err.message));
    // Only what is not the static server is intercepted (interception costs a round trip through this process).
    await context.route(
      (url) => !url.href.startsWith(`${site.origin}/`),
      (route) => {
        if (/appsforoffice\.microsoft\.com\/.*office\.js$/.test(route.request().url())) return route.fulfill({ status: 200, contentType: 'text/javascript', body: OFFICE_STUB });
        return route.abort();
      },
    );
    await tab.addInitScript(PROBE);
    // An unused loopback port for the gateway: its health check fails at once and does not hold up the render.
    await tab.goto(`${site.url}/${page}?gateway=${encodeURIComponent('http://127.0.0.1:9')}`, { waitUntil: 'load' });
    await tab
      .waitForFunction(() => window.__wenshu && window.__wenshu.paintedAt !== undefined && window.__wenshu.paneAt !== undefined, undefined, { timeout: 20_000 })
      .catch(async (err) => {
        const seen = await tab.evaluate(() => JSON.stringify({ probe: window.__wenshu, body: document.body.innerText.slice(0, 300) })).catch(() => '?');
        throw new Error(`${page}: the pane did not render in 20 s (${seen}; page errors: ${errors.join('; ') || 'none'}): ${err.message}`);
      });
    const m = await tab.evaluate(() => {
      const mark = performance.getEntriesByName('wenshu:first-render')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const w = window.__wenshu;
      const before = w.paintedAt;
      const scripts = performance
        .getEntriesByType('resource')
        .filter((e) => e.initiatorType === 'script' && e.name.endsWith('.js') && e.startTime < before)
        .map((e) => new URL(e.name).pathname.replace(/^\//, ''));
      return { mark: mark ? mark.startTime : undefined, tabsAt: w.tabsAt, paintedAt: w.paintedAt, paneAt: w.paneAt, fcp: fcp ? fcp.startTime : undefined, scripts };
    });
    if (errors.length) throw new Error(`${page}: errors in the page: ${errors.join('; ')}`);
    return { firstRender: m.mark ?? m.paintedAt, fromMark: m.mark !== undefined, ...m };
  } finally {
    await context.close();
  }
}

async function measure(browser, site, page, runs) {
  await loadOnce(browser, site, page); // warms the browser process and the disk cache, not the page's cache
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await loadOnce(browser, site, page));
  const scripts = [...new Set(samples.flatMap((s) => s.scripts))].filter((f) => !/office\.js$/.test(f));
  const pick = (key) => samples.map((s) => s[key]).filter((v) => typeof v === 'number');
  const first = pick('firstRender');
  return {
    page,
    runs,
    fromMark: samples.every((s) => s.fromMark),
    firstRenderMs: { median: median(first), min: Math.min(...first), max: Math.max(...first) },
    firstContentfulPaintMs: pick('fcp').length ? median(pick('fcp')) : undefined,
    paneReadyMs: median(pick('paneAt')),
    scriptsBeforeFirstRender: scripts,
    scriptsBeforeFirstRenderGzip: scripts.reduce((s, f) => s + gzipOf(f), 0),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!support.chromiumPresent()) {
    throw new Error(`no Chromium at ${support.CHROMIUM}: install Debian's with \`sudo apt-get install chromium\` (never \`npx playwright install\`)`);
  }
  if (!args.noBuild) support.ensureAddinBuilt({ force: args.build, log: (m) => console.error(m) });
  const state = support.addinBuildState();
  if (!state.fresh) console.error(`warning: ${state.reason}; measuring the build as it is`);

  const sizes = { taskpane: initialScripts('taskpane.html'), preview: initialScripts('preview.html') };
  const site = await support.startStaticServer();
  const browser = await support.launchChromium();
  const chromium = browser.version();
  let timing;
  try {
    timing = { taskpane: await measure(browser, site, 'taskpane.html', args.runs), preview: await measure(browser, site, 'preview.html', args.runs) };
  } finally {
    await browser.close();
    await site.close();
  }

  const sizeMet = sizes.taskpane.gzip <= TARGETS.initialJsGzipBytes;
  const renderMet = timing.taskpane.firstRenderMs.median <= TARGETS.firstRenderMs;
  const result = { chromium, targets: TARGETS, sizes, timing, met: { initialJs: sizeMet, firstRender: renderMet } };

  if (args.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const verdict = (ok) => (ok ? 'MET' : 'MISSED');
    console.log(`Wenshu task pane — production build in dist/addin, headless Chromium ${result.chromium}`);
    console.log('');
    console.log('Initial JavaScript of taskpane.html (its <script src> chunks, gzip level 9; office.js is Microsoft\'s, not counted):');
    for (const f of sizes.taskpane.files) console.log(`  ${f.file.padEnd(28)} ${kb(f.gzip).padStart(10)} gzipped  ${kb(f.raw).padStart(10)} raw`);
    console.log(`  ${'total'.padEnd(28)} ${kb(sizes.taskpane.gzip).padStart(10)} gzipped  ${kb(sizes.taskpane.raw).padStart(10)} raw   target <= ${kb(TARGETS.initialJsGzipBytes)}: ${verdict(sizeMet)}`);
    console.log(`  (preview.html: ${kb(sizes.preview.gzip)} gzipped; the first pane's lazy chunks come after the first render)`);
    console.log('');
    const how = timing.taskpane.fromMark ? "performance.mark('wenshu:first-render')" : 'first paint after the tab list appears';
    console.log(`First render (navigation start -> ${how}), median of ${args.runs} cold loads:`);
    for (const t of [timing.taskpane, timing.preview]) {
      const label = t.page === 'taskpane.html' ? 'taskpane.html (Word, office.js stubbed)' : 'preview.html (no Office)';
      const target = t.page === 'taskpane.html' ? `   target <= ${ms(TARGETS.firstRenderMs)}: ${verdict(renderMet)}` : '';
      console.log(`  ${label.padEnd(40)} ${ms(t.firstRenderMs.median).padStart(7)} (min ${ms(t.firstRenderMs.min)}, max ${ms(t.firstRenderMs.max)})${target}`);
      console.log(`  ${''.padEnd(40)} first contentful paint ${t.firstContentfulPaintMs === undefined ? 'n/a' : ms(t.firstContentfulPaintMs)}; first pane shown ${ms(t.paneReadyMs)}; JS requested by then ${kb(t.scriptsBeforeFirstRenderGzip)} gzipped (${t.scriptsBeforeFirstRender.length} files, with the first pane's lazy chunks)`);
    }
    console.log('');
    console.log(sizeMet && renderMet ? 'Targets met.' : `Targets MISSED: ${[!sizeMet && 'initial JavaScript', !renderMet && 'first render'].filter(Boolean).join(', ')}.`);
  }
  if (args.strict && !(sizeMet && renderMet)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
