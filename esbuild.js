// Builds the extension bundle (dist/) and, with --tests, transpiles tests, the fake Spotify,
// the test host and the benchmark to out/ file by file. Type checking is `npm run typecheck`.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');
/** A generous bound on the shipped bundle, minified: clarity is never traded for bytes; a build above it fails. */
const BUNDLE_BUDGET_KB = 250;

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTs(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Sends `./platformFlows` to `./platformFlows.web`: the web build has no Node-only sign-in flow. */
const webPlatformPlugin = {
  name: 'web-platform',
  setup(build) {
    build.onResolve({ filter: /\/platformFlows$/ }, (args) => ({ path: path.join(args.resolveDir, 'platformFlows.web.ts') }));
  },
};

/** The web worker extension host (vscode.dev, github.dev): fetch, Web Crypto, workspace.fs, no Node. */
async function buildWeb() {
  const result = await esbuild.build({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'es2022',
    external: ['vscode'],
    outfile: 'dist/web/extension.js',
    plugins: [webPlatformPlugin],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    charset: 'utf8',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  // A node: module (or a Node built-in) in the web bundle would fail only when the worker loads it.
  const nodeInputs = Object.keys(result.metafile.inputs).filter((input) => /^node:|loopback/.test(input));
  if (nodeInputs.length) throw new Error(`the web build pulls in Node-only code: ${nodeInputs.join(', ')}`);
  return result;
}

function sizeLine(file) {
  const bytes = fs.statSync(file).size;
  if (production && bytes > BUNDLE_BUDGET_KB * 1024) {
    process.exitCode = 1;
    return `[build] ${file} ${(bytes / 1024).toFixed(1)} KB minified: OVER the ${BUNDLE_BUDGET_KB} KB bound`;
  }
  const budget = production ? ` (minified; bound ${BUNDLE_BUDGET_KB} KB)` : '';
  return `[build] ${file} ${(bytes / 1024).toFixed(1)} KB${budget}`;
}

async function main() {
  const result = await esbuild.build({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    outfile: 'dist/extension.js',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    charset: 'utf8', // keeps typographic quotes at their size instead of \u escapes
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  console.log(sizeLine('dist/extension.js'));
  if (production && result.metafile) fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
  const web = await buildWeb();
  console.log(`${sizeLine('dist/web/extension.js')} (web worker extension host)`);
  if (production) fs.writeFileSync('dist/web/meta.json', JSON.stringify(web.metafile));

  if (withTests) {
    fs.rmSync('out', { recursive: true, force: true });
    await esbuild.build({
      entryPoints: [...listTs('src'), ...listTs('test'), ...listTs('bench')],
      outdir: 'out',
      outbase: '.',
      bundle: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'warning',
    });
    // The web worker host loads one file and no node_modules: its tests are bundled, mocha too.
    await esbuild.build({
      entryPoints: ['test/web/index.ts'],
      outfile: 'out/test/web/index.js',
      bundle: true,
      format: 'cjs',
      platform: 'browser',
      target: 'es2022',
      external: ['vscode'],
      plugins: [webPlatformPlugin],
      sourcemap: 'inline',
      logLevel: 'warning',
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
