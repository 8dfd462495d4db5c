// Builds the extension bundle (dist/) and, with --tests, transpiles tests, the fake Spotify,
// the test host and the benchmark to out/ file by file. Type checking is `npm run typecheck`.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');
/** What the shipped bundle may weigh, minified (issue: fast on big libraries). */
const BUNDLE_BUDGET_KB = 60;

function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTs(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
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
  const bytes = fs.statSync('dist/extension.js').size;
  const budget = production ? ` (minified; budget ${BUNDLE_BUDGET_KB} KB: ${bytes <= BUNDLE_BUDGET_KB * 1024 ? 'within' : 'OVER'})` : '';
  console.log(`[build] dist/extension.js ${(bytes / 1024).toFixed(1)} KB${budget}`);
  if (production && result.metafile) fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));

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
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
