/* eslint-disable no-console */
// What the end-to-end tests (test/e2e) and the add-in benchmark (bench/addin.bench.js) share: Debian's Chromium
// (never a downloaded browser), a production build of dist/addin that is rebuilt only when the sources are newer,
// and a small static file server on 127.0.0.1 for it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'addin');

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). WENSHU_CHROMIUM points elsewhere. */
const CHROMIUM = process.env.WENSHU_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function chromiumPresent() {
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CI=true (or 1): a missing browser is a failure there, never a skip. */
function inCI() {
  return /^(true|1)$/i.test(process.env.CI || '');
}

async function launchChromium() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** What the add-in bundle is built from; a file newer than the build means the build is stale. */
const BUILD_INPUTS = ['src/addin', 'src/core', 'assets', 'webpack.config.js', 'package.json', 'package-lock.json', 'tsconfig.json', 'manifest.xml', 'manifest.outlook.xml'];
const BUILD_OUTPUTS = ['preview.html', 'taskpane.html'];

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return { time: 0, file: p };
  }
  if (!stat.isDirectory()) return { time: stat.mtimeMs, file: p };
  let best = { time: 0, file: p };
  for (const entry of fs.readdirSync(p)) {
    const found = newestMtime(path.join(p, entry));
    if (found.time > best.time) best = found;
  }
  return best;
}

/** { fresh, reason }: whether dist/addin is a build of the current sources. */
function addinBuildState() {
  let built = Infinity;
  for (const out of BUILD_OUTPUTS) {
    const file = path.join(DIST, out);
    if (!fs.existsSync(file)) return { fresh: false, reason: `dist/addin/${out} is missing` };
    built = Math.min(built, fs.statSync(file).mtimeMs);
  }
  let newest = { time: 0, file: '' };
  for (const input of BUILD_INPUTS) {
    const found = newestMtime(path.join(ROOT, input));
    if (found.time > newest.time) newest = found;
  }
  if (newest.time > built) return { fresh: false, reason: `${path.relative(ROOT, newest.file)} is newer than dist/addin` };
  return { fresh: true, reason: 'dist/addin is up to date' };
}

/**
 * Builds dist/addin with `webpack --mode production` unless it is up to date (or `force`), or
 * WENSHU_E2E_SKIP_BUILD=1 says to use the existing build. Synchronous on purpose: one build at a time. Throws with the end of webpack's output when the build fails.
 */
/**
 * Several e2e files may run at once in separate jest workers: one builds while the others wait for it (a lock
 * directory, created atomically), then find the build fresh.
 */
function ensureAddinBuilt(options = {}) {
  const lock = path.join(ROOT, 'dist', '.addin-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A lock older than the longest build is left over from a killed run.
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error('timed out waiting for another e2e worker to build dist/addin');
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return buildUnlocked(options);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function buildUnlocked({ force = false, log = console.log } = {}) {
  const state = addinBuildState();
  if (state.fresh && !force) return { built: false, reason: state.reason, ms: 0 };
  // For a quick rerun while editing: WENSHU_E2E_SKIP_BUILD=1 uses dist/addin as it is (when it exists).
  if (!force && process.env.WENSHU_E2E_SKIP_BUILD === '1' && BUILD_OUTPUTS.every((f) => fs.existsSync(path.join(DIST, f)))) {
    log(`[wenshu e2e] WENSHU_E2E_SKIP_BUILD=1: using dist/addin as it is (${state.reason})`);
    return { built: false, reason: state.reason, ms: 0 };
  }
  log(`[wenshu e2e] building dist/addin (webpack --mode production): ${force ? 'forced' : state.reason}`);
  const started = Date.now();
  const cli = require.resolve('webpack-cli/bin/cli.js', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [cli, '--mode', 'production'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout || ''}${result.stderr || ''}`;
  if (result.status !== 0 || !BUILD_OUTPUTS.every((f) => fs.existsSync(path.join(DIST, f)))) {
    throw new Error(`webpack --mode production failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${output.slice(-4000)}`);
  }
  const ms = Date.now() - started;
  const budget = /\[wenshu\] initial JavaScript:.*/.exec(output);
  log(`[wenshu e2e] dist/addin built in ${(ms / 1000).toFixed(1)} s${budget ? `; ${budget[0]}` : ''}`);
  return { built: true, reason: state.reason, ms };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dir` on 127.0.0.1 (a free port). Resolves to { url, origin, port, close() }. */
function startStaticServer(dir = DIST) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url || '/', 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = path.resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store', 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        url: origin,
        origin,
        port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}

module.exports = { ROOT, DIST, CHROMIUM, CHROMIUM_ARGS, chromiumPresent, inCI, launchChromium, addinBuildState, ensureAddinBuilt, startStaticServer };
