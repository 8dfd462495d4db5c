// The test module of the web worker extension host (extensionTestsPath of `runIntegration --web`):
// bundled into one file by esbuild.js (the worker loads no node_modules and no Node built-ins),
// mocha's browser build included. The launcher reads the same result line as for the Node host.

const RESULT_PREFIX = 'LIBRARY_FOR_SPOTIFY_TEST_RESULT ';
/** The launcher tells extension-host output from the workbench's own log by this start. */
const LOG_MARKER = '[exthost] ';

interface BrowserMocha {
  setup(options: Record<string, unknown>): void;
  run(done: (failures: number) => void): { stats?: { passes: number; failures: number; pending: number } };
}
interface MochaClass {
  reporters: { Base: { consoleLog: (...args: unknown[]) => void } };
}

export function run(): Promise<void> {
  // mocha's browser build (the Node one needs fs and path) puts `mocha` and `Mocha` on the global object.
  require('mocha/mocha.js'); // eslint-disable-line @typescript-eslint/no-require-imports -- loaded for its globals, at this point
  const browserMocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
  // The worker's console reaches the launcher one call at a time, unformatted: format here.
  const log = console.log.bind(console);
  (globalThis as unknown as { Mocha: MochaClass }).Mocha.reporters.Base.consoleLog = (...args: unknown[]) => log(LOG_MARKER + format(args));
  browserMocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 60_000, color: false });
  // Loaded after setup: the suites need mocha's describe/it globals.
  require('./webHost.test'); // eslint-disable-line @typescript-eslint/no-require-imports -- an import would run before setup
  return new Promise((resolve, reject) => {
    const runner = browserMocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      log(`${LOG_MARKER}${RESULT_PREFIX}${JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending })}`);
      if (failures > 0) reject(new Error(`${failures} web test(s) failed`));
      else resolve();
    });
  });
}

/** util.format's %s %d %i %j %% for mocha's reporter lines (no `util` in a web worker). */
function format(args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string') return args.map(String).join(' ');
  const text = first.replace(/%[sdij%]/g, (token) => {
    if (token === '%%') return '%';
    if (!rest.length) return token;
    const value = rest.shift();
    if (token === '%d' || token === '%i') return String(token === '%i' ? Math.trunc(Number(value)) : Number(value));
    if (token === '%j') return JSON.stringify(value);
    return String(value);
  });
  return [text, ...rest.map(String)].join(' ');
}
