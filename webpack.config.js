/* eslint-disable no-console */
// Builds the add-in's pages into dist/addin: taskpane.html (the React task pane), preview.html (the same pane
// beside an editable document, for browsers without Office), commands.html, support.html, the icons, and the
// manifests. The panes (Draft, Check, Reply, Settings) are split into chunks loaded when their tab first opens;
// the initial JavaScript of taskpane.html is held to 350 KB gzipped (GzipBudgetPlugin below). `npm start` serves them on https://localhost:3000 (plain http when no development certificate
// can be had: see devServerTransport below).
//
// Office.js: development builds (and WENSHU_OFFICE_JS=local) load the copy from the @microsoft/office-js
// package, served from /office-js/, so nothing comes from a CDN; production builds load it from Microsoft's
// CDN, as Microsoft requires for add-ins in production.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const zlib = require('node:zlib');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { loadAddinConfig, applyToManifest, pageConfig: pageSettings, signInConfig } = require('./src/addin/build/addin-config');

const PORT = Number(process.env.WENSHU_ADDIN_PORT || 3000);
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_DIR = path.dirname(require.resolve('@microsoft/office-js/package.json'));
// Office.js loads host- and locale-specific scripts next to itself; other Office apps' scripts, debug builds
// and type files are left out.
const OFFICE_JS_IGNORE = [
  '**/*.debug.js',
  '**/*.d.ts',
  '**/office-vsdoc.js',
  '**/{access,excel,excelios,excelwebapp,onenote,powerpoint,powerpointios,project,visio}-*.js',
];

/**
 * https with office-addin-dev-certs' localhost certificate where it is installed or can be installed;
 * otherwise plain http, with a warning (Office itself needs https; a plain browser does not).
 * WENSHU_DEV_HTTP=1 skips the certificate step.
 */
async function devServerTransport() {
  if (process.env.WENSHU_DEV_HTTP === '1') return { type: 'http' };
  try {
    const devCerts = require('office-addin-dev-certs');
    const options = await devCerts.getHttpsServerOptions();
    return { type: 'https', options: { ca: options.ca, key: options.key, cert: options.cert } };
  } catch (err) {
    const reason = String((err && err.message) || err).split('\n')[0];
    console.warn(`[wenshu] no development certificate (${reason}); serving plain http on port ${PORT}.`);
    console.warn('[wenshu] Office needs https: run `npx office-addin-dev-certs install` where you can, then `npm start` again.');
    return { type: 'http' };
  }
}

/** Budget for the JavaScript a page loads before its first render (its entry's initial chunks), gzipped. */
const INITIAL_JS_BUDGET = 350 * 1024;

/**
 * Reports the gzipped size of each page's initial JavaScript after every build, and warns (or, with
 * WENSHU_BUDGET_STRICT=1, fails) when taskpane.html's goes over INITIAL_JS_BUDGET. webpack's own `performance`
 * hints measure uncompressed bytes, which says little about what an officer's machine downloads.
 */
class GzipBudgetPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('GzipBudgetPlugin', (compilation) => {
      const report = [];
      for (const [name, entry] of compilation.entrypoints) {
        let raw = 0;
        let gz = 0;
        for (const file of entry.getFiles()) {
          if (!file.endsWith('.js')) continue;
          const full = path.join(compilation.outputOptions.path, file);
          if (!fs.existsSync(full)) continue;
          const buffer = fs.readFileSync(full);
          raw += buffer.length;
          gz += zlib.gzipSync(buffer, { level: 9 }).length;
        }
        report.push(`${name} ${(gz / 1024).toFixed(1)} KB gzipped (${(raw / 1024).toFixed(1)} KB)`);
        if (name === 'taskpane' && gz > INITIAL_JS_BUDGET) {
          const message = `taskpane.html loads ${(gz / 1024).toFixed(1)} KB of gzipped JavaScript before its first render (budget ${INITIAL_JS_BUDGET / 1024} KB)`;
          if (process.env.WENSHU_BUDGET_STRICT === '1') compilation.errors.push(new Error(message));
          else compilation.warnings.push(new Error(message));
        }
      }
      if (compiler.options.mode === 'production') console.log(`[wenshu] initial JavaScript: ${report.join('; ')}`);
    });
  }
}

/**
 * The page configuration written into taskpane.html and preview.html (see src/addin/app/config.ts), from the
 * deployment settings (src/addin/build/addin-config.js). The preview is a development page, never deployed in
 * Office: it keeps the gateway box and the API-key field in every build.
 */
function pageConfig(settings, production, { preview = false } = {}) {
  const page = pageSettings(settings, { production, version: require('./package.json').version });
  if (process.env.WENSHU_SIGNIN_URL) page.signInUrl = process.env.WENSHU_SIGNIN_URL;
  if (preview) Object.assign(page, { allowGatewayChange: true, allowApiKey: true });
  return JSON.stringify(page).replace(/</g, '\\u003c');
}

module.exports = async (env = {}, argv = {}) => {
  const production = argv.mode === 'production';
  const localOfficeJs = process.env.WENSHU_OFFICE_JS ? process.env.WENSHU_OFFICE_JS === 'local' : !production;
  const officeJs = localOfficeJs ? 'office-js/office.js' : OFFICE_JS_CDN;
  const serving = Boolean(env.WEBPACK_SERVE);
  // One source for both manifests and the pages: the department's add-in URL, Entra app registration, gateway.
  const settings = loadAddinConfig({ root: __dirname, production });

  const copies = [
    { from: 'assets/*.png', to: 'assets/[name][ext]' },
    { from: 'src/addin/support.html', to: 'support.html' },
    { from: 'manifest*.xml', to: '[name][ext]', transform: (content) => Buffer.from(applyToManifest(content.toString('utf8'), settings), 'utf8') },
  ];
  // The dev server serves the package's folder directly (below) instead of copying 13 MB into memory.
  if (localOfficeJs && !serving) {
    copies.push({ from: OFFICE_JS_DIR.split(path.sep).join('/') + '/dist', to: 'office-js', globOptions: { ignore: OFFICE_JS_IGNORE } });
  }

  return {
    mode: production ? 'production' : 'development',
    // webpack's own runtime in ES2017 too (no optional chaining or ?? in the chunk loader).
    target: ['web', 'es2017'],
    devtool: production ? 'source-map' : 'eval-source-map',
    context: __dirname,
    entry: {
      taskpane: './src/addin/taskpane/index.tsx',
      preview: './src/addin/preview/index.tsx',
      commands: './src/addin/commands/commands.ts',
      // The sign-in dialog: the only page with MSAL in it.
      signin: './src/addin/signin/index.ts',
    },
    output: {
      path: path.resolve(__dirname, 'dist', 'addin'),
      filename: '[name].[contenthash:8].js',
      chunkFilename: 'chunks/[name].[contenthash:8].js',
      clean: true,
    },
    optimization: {
      // Shared code (React, Fluent) in common chunks; each pane its own async chunk (see app/App.tsx).
      splitChunks: {
        chunks: 'all',
        cacheGroups: {
          // Code shared by the pane chunks only (draft form, findings list, the checker) stays async.
          defaultVendors: { test: /[\\/]node_modules[\\/]/, priority: -10, reuseExistingChunk: true },
          default: { minChunks: 2, priority: -20, reuseExistingChunk: true },
        },
      },
    },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: path.resolve(__dirname, 'tsconfig.json'),
              // ES2017: the webviews the manifest admits include Office 2016/2019's (older Edge/Chromium builds).
              compilerOptions: { module: 'es2020', target: 'es2017', sourceMap: true },
            },
          },
        },
        {
          // Packages ship newer syntax (optional chaining, ??, class fields): down-levelled to ES2017 as well, by
          // TypeScript itself, so no second compiler is needed.
          test: /\.m?js$/,
          include: /node_modules/,
          exclude: /node_modules[\\/]@microsoft[\\/]office-js/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: path.resolve(__dirname, 'tsconfig.json'),
              compilerOptions: { module: 'es2020', target: 'es2017', allowJs: true, checkJs: false, sourceMap: false },
              onlyCompileBundledFiles: true,
            },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/addin/taskpane/taskpane.html',
        chunks: ['taskpane'],
        officeJs,
        wenshuConfig: pageConfig(settings, production),
      }),
      new HtmlWebpackPlugin({
        filename: 'preview.html',
        template: './src/addin/preview/preview.html',
        chunks: ['preview'],
        // The preview runs without Office: no office.js at all.
        wenshuConfig: pageConfig(settings, production, { preview: true }),
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './src/addin/commands/commands.html',
        chunks: ['commands'],
        officeJs,
      }),
      new HtmlWebpackPlugin({
        filename: 'signin.html',
        template: './src/addin/signin/signin.html',
        chunks: ['signin'],
        officeJs,
        signInConfig: JSON.stringify(signInConfig(settings)).replace(/</g, '\\u003c'),
      }),
      new CopyWebpackPlugin({ patterns: copies }),
      new GzipBudgetPlugin(),
    ],
    // Uncompressed limits as a backstop (the gzipped budget is GzipBudgetPlugin's); Office.js copies are not ours.
    performance: production
      ? {
          hints: 'warning',
          maxEntrypointSize: 1200 * 1024,
          maxAssetSize: 1000 * 1024,
          assetFilter: (file) => file.endsWith('.js') && !file.startsWith('office-js/'),
        }
      : false,
    devServer: serving
      ? {
          port: PORT,
          host: 'localhost',
          headers: { 'Access-Control-Allow-Origin': '*' },
          server: await devServerTransport(),
          static: localOfficeJs
            ? [{ directory: path.join(OFFICE_JS_DIR, 'dist'), publicPath: '/office-js', watch: false }]
            : false,
          client: { overlay: { warnings: false } },
        }
      : undefined,
  };
};
