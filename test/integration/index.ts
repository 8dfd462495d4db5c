// The test module the extension host loads (extensionTestsPath): runs every
// out/test/integration/**/*.test.js with mocha inside the real extension host.
// Works under both launchers: test/host/runIntegration.ts (code-server) and runDesktopTests.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** The launcher reads this line for the pass/fail counts. */
export const RESULT_PREFIX = 'LIBRARY_FOR_SPOTIFY_TEST_RESULT ';

/** Prints the counts for the launcher, and writes them to LIBRARY_FOR_SPOTIFY_RESULT_FILE when one is named. */
function reportCounts(counts: { passed: number; failed: number; pending: number }): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify(counts)}`);
  const file = process.env.LIBRARY_FOR_SPOTIFY_RESULT_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify(counts));
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

export async function run(): Promise<void> {
  markConsoleOutput(process.env.LIBRARY_FOR_SPOTIFY_LOG_MARKER);
  // In the web workbench console output reaches the launcher unformatted, one call at a time:
  // format each mocha line here so it arrives as the spec reporter meant it.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    console.log(util.format(...args));
  };

  try {
    await activateExtension();
  } catch (error) {
    // Counted as one failure, so the totals never read "0 failed" for a run that tested nothing.
    console.error(`Could not activate the extension: ${error instanceof Error ? error.stack : String(error)}`);
    reportCounts({ passed: 0, failed: 1, pending: 0 });
    throw error;
  }

  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    reporter: 'spec',
    color: process.env.MOCHA_COLORS === '1',
    grep: process.env.MOCHA_GREP || undefined,
  });
  // The README's pictures are their own run (npm run screenshots), so npm test never rewrites docs/images;
  // a window in another display language (runIntegration --display-language) runs only its own tests.
  const only = process.env.LIBRARY_FOR_SPOTIFY_SCREENSHOTS === '1' ? 'screenshots.test.js' : process.env.LIBRARY_FOR_SPOTIFY_DISPLAY_LANGUAGE ? 'displayLanguage.test.js' : undefined;
  const ownRuns = ['screenshots.test.js', 'displayLanguage.test.js'];
  for (const file of findTests(__dirname)) {
    const name = path.basename(file);
    if (only ? name === only : !ownRuns.includes(name)) mocha.addFile(file);
  }

  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats ?? emptyStats()));
    } catch (error) {
      reject(error);
    }
  });
  const result = { passed: stats.passes, failed: stats.failures, pending: stats.pending };
  reportCounts(result);
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}

/**
 * The code-server launcher receives extension-host console output mixed with the workbench's own
 * log; a marker at the start of each message tells them apart. Formatting here keeps %s and objects
 * readable, since the launcher gets the arguments unformatted.
 */
function markConsoleOutput(marker: string | undefined): void {
  if (!marker) return;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    // VS Code defines these as getters with a no-op setter (its console forwarder); redefine them.
    const descriptor = Object.getOwnPropertyDescriptor(console, method);
    const forward = (descriptor?.get ? descriptor.get.call(console) : console[method].bind(console)) as (...args: unknown[]) => void;
    const marked = (...args: unknown[]) => forward(marker + util.format(...args));
    Object.defineProperty(console, method, { configurable: true, enumerable: true, get: () => marked, set: () => {} });
  }
}

async function activateExtension(): Promise<void> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
  const extensionId = `${manifest.publisher}.${manifest.name}`;
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`extension ${extensionId} is not loaded in this extension host`);
  await extension.activate();
}

function findTests(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(dir, file));
}

function emptyStats(): Mocha.Stats {
  return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
