/**
 * Lets a plain `node` child process (a gateway replica the tests can SIGKILL) require the TypeScript sources
 * directly: each .ts file is transpiled on load with the project's own TypeScript (no type check, no build).
 */
const fs = require('node:fs');
const ts = require('typescript');

const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true, jsx: ts.JsxEmit.ReactJSX };
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};
