#!/usr/bin/env node
// `npm test`: type check, lint, build, unit tests, install the VS Code host if needed, integration tests
// in a real VS Code (its Node extension host, then the web build in its web worker host).
// Stops at the first failing step; the last line is always the totals,
// `N passed, N failed, N skipped`: unit plus integration tests, and one failure for a failed step that
// ran no tests (type check, lint, build, host install, an integration harness failure).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const results = path.join(root, 'out', 'test-results');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);

const steps = [
  { name: 'type check', command: [process.execPath, bin('typescript', 'bin/tsc'), '--noEmit', '-p', '.'] },
  { name: 'lint', command: [process.execPath, bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.'] },
  { name: 'build', command: [process.execPath, 'esbuild.js', '--tests'] },
  {
    name: 'unit tests',
    command: [
      process.execPath,
      bin('mocha', 'bin/mocha.js'),
      '--config', '.mocharc.json',
      '--reporter', 'scripts/lib/countingSpecReporter.js',
      '--reporter-option', `resultFile=${path.join(results, 'unit.json')}`,
      ...(process.stdout.isTTY ? ['--color'] : []),
    ],
    resultFile: path.join(results, 'unit.json'),
  },
  { name: 'VS Code host', command: ['bash', 'scripts/ensure-vscode-host.sh'] },
  {
    name: 'integration tests',
    command: [process.execPath, 'out/test/host/runIntegration.js'],
    resultFile: path.join(results, 'integration.json'),
  },
  {
    // A window whose display language is German: the manifest, the messages, counts and dates (#15).
    name: 'German window tests',
    command: [process.execPath, 'out/test/host/runIntegration.js', '--display-language', 'de'],
    resultFile: path.join(results, 'integration-de.json'),
  },
  {
    // The web build (package.json "browser") in the web worker extension host, a smaller suite.
    name: 'web worker tests',
    command: [process.execPath, 'out/test/host/runIntegration.js', '--web'],
    resultFile: path.join(results, 'integration-web.json'),
  },
];

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

const rows = [];
let passed = 0;
let failed = 0;
let skipped = 0;
let stopped = false;
const started = Date.now();

for (const step of steps) {
  if (stopped) {
    rows.push([step.name, 'skipped', '', '']);
    continue;
  }
  const shown = step.command.map((a) => (a === process.execPath ? 'node' : path.isAbsolute(a) ? path.relative(root, a) : a));
  console.log(`\n=== ${step.name}: ${shown.join(' ')}`);
  if (step.resultFile) fs.rmSync(step.resultFile, { force: true });
  const t = Date.now();
  const run = spawnSync(step.command[0], step.command.slice(1), { cwd: root, stdio: 'inherit' });
  const ok = run.status === 0;
  let counts;
  if (step.resultFile && fs.existsSync(step.resultFile)) {
    counts = JSON.parse(fs.readFileSync(step.resultFile, 'utf8'));
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.pending ?? 0;
  }
  // A failed step that failed no test (or crashed after reporting none) still counts once.
  if (!ok && !(counts && counts.failed > 0)) failed += 1;
  const detail = counts
    ? `${counts.passed} passed, ${counts.failed} failed, ${counts.pending ?? 0} skipped`
    : '';
  const status = ok ? 'ok' : `FAILED (${run.status ?? run.signal ?? run.error?.message})`;
  rows.push([step.name, status, detail, seconds(Date.now() - t)]);
  if (!ok) {
    console.error(`\n${step.name} failed: the remaining steps are skipped.`);
    stopped = true;
  }
}

console.log(`\n=== summary (${seconds(Date.now() - started)})`);
for (const [name, status, detail, time] of rows) {
  console.log(`  ${name.padEnd(18)} ${status.padEnd(12)} ${detail.padEnd(34)} ${time}`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(stopped ? 1 : 0);
