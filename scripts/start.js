#!/usr/bin/env node
// `npm start`: the whole product on one machine — the gateway (embedded SQLite store, offline drafter,
// bundled templates) and the task pane's development server (taskpane.html for Office, preview.html for a
// plain browser). Ctrl+C stops both; if either stops, the other is stopped too.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const children = [];
let exiting = false;

function run(name, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code, signal) => {
    if (exiting) return;
    console.error(`[wenshu] ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest.`);
    stop(code ?? 1);
  });
  children.push(child);
  return child;
}

function stop(code) {
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// --dev: development mode (no authentication, this machine only) is asked for here, never implied; with
// auth configured in the file the gateway ignores it.
run('gateway', process.execPath, [path.join(root, 'bin', 'wenshu.js'), 'serve', '--dev', ...process.argv.slice(2)]);
run('task pane server', process.execPath, [require.resolve('webpack-cli/bin/cli.js'), 'serve', '--mode', 'development']);
console.log('[wenshu] gateway: http://127.0.0.1:8787   task pane: https://localhost:3000/taskpane.html   preview in a browser: http://localhost:3000/preview.html');
