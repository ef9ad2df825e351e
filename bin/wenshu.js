#!/usr/bin/env node
'use strict';
// The `wenshu` command: runs the compiled CLI (dist/, built by `npm run build:node`, which `npm install` runs).
const path = require('node:path');
const fs = require('node:fs');

const main = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('wenshu: the CLI is not built yet; run npm install (or npm run build:node) first\n');
  process.exit(2);
}
require(main)
  .run(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`wenshu: internal error: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
