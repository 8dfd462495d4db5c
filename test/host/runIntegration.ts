// Runs test/integration in a real VS Code: code-server (VS Code 1.139 server + web workbench)
// opened by headless Chromium, against the fake Spotify started here in-process.
//   node out/test/host/runIntegration.js            (npm test runs it after building)
//   MOCHA_GREP='sign in' node out/test/host/runIntegration.js
// Exit: 0 all passed, 1 a test failed, 2 the harness failed (no server, no browser, timeout...).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page, type Request } from 'playwright-core';
import { FAKE_CLIENT_ID } from '../fake-spotify/fixtures';
import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/server';
import { startCodeServer, type CodeServer } from './codeServer';

const EXIT_FAILED = 1;
const EXIT_HARNESS = 2;
const EXIT_INTERRUPTED = 130;
// test/integration/index.ts prints the result line, and starts every extension-host console
// message with the marker, which tells them apart from the workbench's own log messages.
const RESULT_PREFIX = 'LIBRARY_FOR_SPOTIFY_TEST_RESULT ';
const LOG_MARKER = '[exthost] ';
const verbose = process.env.LIBRARY_FOR_SPOTIFY_VERBOSE === '1';
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const resultsDir = path.join(repoRoot, 'out', 'test-results');
/** Logs of the last run: the workbench's, the server's (remote extension host included). */
const logsDir = path.join(resultsDir, 'integration');
const timeoutMs = Number(process.env.LIBRARY_FOR_SPOTIFY_TEST_TIMEOUT_MS) || 10 * 60_000;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Nothing leaves the machine: every host but 127.0.0.1 fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

type Outcome =
  | { kind: 'exit'; code: number }
  | { kind: 'timeout' }
  | { kind: 'server-exit'; code: number | string }
  | { kind: 'page-crash' };

/** What the run started, stopped in reverse order. */
const cleanups: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | undefined;
let interruptedBy: string | undefined;

/** Runs once, however many callers (the end of main, a signal) ask for it. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const cleanup = cleanups.pop()!;
      await cleanup().catch((error: unknown) => console.error(`[host] cleanup: ${(error as Error).message}`));
    }
  })();
  return cleaning;
}

// Ctrl+C at any moment stops what was started (code-server runs in its own process group).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    interruptedBy = signal;
    console.error(`[host] ${signal}: stopping`);
    void cleanUp().finally(() => process.exit(EXIT_INTERRUPTED));
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  let counts: Counts | undefined;
  let outcome: Outcome | undefined;
  let harnessError: string | undefined;
  fs.rmSync(logsDir, { recursive: true, force: true });
  fs.mkdirSync(logsDir, { recursive: true });
  try {
    const fake = await startFakeSpotify({ liked: 2000, playlists: 30 });
    cleanups.push(() => fake.close());
    console.log(`[host] fake Spotify on ${fake.url}`);

    const server = await startCodeServer({
      settings: {
        'spotifyLibrary.clientId': FAKE_CLIENT_ID,
        'spotifyLibrary.apiBaseUrl': fake.apiUrl,
        'spotifyLibrary.accountsBaseUrl': fake.url,
        'spotifyLibrary.signInFlow': 'loopback',
      },
      // The link-protection dialog would fail openExternal: tests refuse to show dialogs.
      trustedDomains: ['https://open.spotify.com'],
    });
    cleanups.push(() => server.stop());
    // The server's logs (remote extension host included) outlive its run folder.
    cleanups.push(async () => {
      fs.cpSync(path.join(server.runDir, 'user-data', 'logs'), path.join(logsDir, 'code-server-logs'), { recursive: true });
      fs.copyFileSync(server.logFile, path.join(logsDir, 'code-server.log'));
    });
    console.log(`[host] code-server on ${server.url} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    const context = await chromium.launchPersistentContext(path.join(server.runDir, 'chromium-profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      // This launcher stops the browser itself, in order, on a signal.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Chromium's crash reports and caches stay in the run folder too.
      env: { ...process.env, TMPDIR: path.join(server.runDir, 'tmp'), XDG_CONFIG_HOME: path.join(server.runDir, 'xdg-config'), XDG_CACHE_HOME: path.join(server.runDir, 'xdg-cache') },
    });
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    const workbenchLog = fs.createWriteStream(path.join(logsDir, 'workbench.log'));
    cleanups.push(() => new Promise((resolve) => workbenchLog.end(resolve)));

    await stubSpotifyWeb(context);
    await recordBrowserOpens(context, page, server, fake);
    fake.setHarness({ screenshot: (name) => screenshot(page, name) });

    let onExit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (onExit = resolve));
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const text = logText(args);
      if (!text.startsWith(LOG_MARKER)) {
        // The workbench's own log (offline noise such as "ENOTFOUND open-vsx.org"): kept in a file.
        if (!workbenchLog.writableEnded) workbenchLog.write(`${level} ${text}\n`);
        if (verbose) console.log(`[workbench:${level}] ${text}`);
        return;
      }
      for (const line of text.slice(LOG_MARKER.length).split('\n')) {
        if (line.startsWith(RESULT_PREFIX)) counts = JSON.parse(line.slice(RESULT_PREFIX.length)) as Counts;
        else if (level === 'error') console.error(line);
        else console.log(line);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: Array<{ relativePath: string; contents: string }>) => {
      saveWorkbenchLogs(logs);
      onExit(code);
    });

    const extensionEnvironment = {
      FAKE_SPOTIFY_URL: fake.url,
      FAKE_SPOTIFY_API_URL: fake.apiUrl,
      LIBRARY_FOR_SPOTIFY_LOG_MARKER: LOG_MARKER,
      MOCHA_COLORS: process.stdout.isTTY ? '1' : '0',
      ...(process.env.MOCHA_GREP ? { MOCHA_GREP: process.env.MOCHA_GREP } : {}),
    };
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(path.join(repoRoot, 'out', 'test', 'integration', 'index.js'))],
      ['extensionEnvironment', JSON.stringify(extensionEnvironment)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    let timer: NodeJS.Timeout | undefined;
    const race: Array<Promise<Outcome>> = [
      exited.then((code) => ({ kind: 'exit', code }) as const),
      new Promise((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs))),
      server.exited.then((code) => ({ kind: 'server-exit', code }) as const),
      new Promise((resolve) => page.once('crash', () => resolve({ kind: 'page-crash' }))),
    ];
    await page.goto(server.workbenchUrl(payload), { waitUntil: 'domcontentloaded' });
    console.log(`[host] workbench opened (${((Date.now() - started) / 1000).toFixed(1)} s); tests run in the extension host`);
    outcome = await Promise.race(race);
    clearTimeout(timer);
    if (interruptedBy) {
      harnessError = `interrupted by ${interruptedBy}`;
    } else if (outcome.kind !== 'exit') {
      harnessError = describeOutcome(outcome);
      console.error(`[host] code-server output:\n${server.logTail()}`);
    }
  } catch (error) {
    harnessError = interruptedBy ? `interrupted by ${interruptedBy}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
  } finally {
    await cleanUp();
  }

  let exitCode: number;
  if (interruptedBy) {
    exitCode = EXIT_INTERRUPTED;
  } else if (harnessError) {
    console.error(`[host] harness failure: ${harnessError}`);
    exitCode = EXIT_HARNESS;
  } else if (outcome?.kind === 'exit' && outcome.code === 0 && counts && counts.failed === 0) {
    exitCode = 0;
  } else if (!counts) {
    console.error(`[host] the tests exited (${outcome?.kind === 'exit' ? outcome.code : '?'}) without reporting counts`);
    exitCode = EXIT_HARNESS;
  } else {
    exitCode = EXIT_FAILED;
  }
  const summary = { ...(counts ?? { passed: 0, failed: 0, pending: 0 }), exitCode, harnessError, seconds: (Date.now() - started) / 1000 };
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'integration.json'), JSON.stringify(summary, null, 2));
  console.log(`[host] finished in ${summary.seconds.toFixed(1)} s${exitCode ? `; logs in ${path.relative(process.cwd(), logsDir)}` : ''}`);
  console.log(`Integration: ${summary.passed} passed, ${summary.failed} failed${summary.pending ? `, ${summary.pending} pending` : ''}`);
  return exitCode;
}

function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'exit':
      return `tests exited with ${outcome.code}`;
    case 'timeout':
      return `the tests did not finish within ${timeoutMs / 1000} s`;
    case 'server-exit':
      return `code-server exited (${outcome.code}) during the run`;
    case 'page-crash':
      return 'the workbench page crashed';
  }
}

/** The workbench hands over log arguments unformatted: an array of strings, mostly. */
function logText(args: unknown): string {
  const parts = Array.isArray(args) ? args : [args];
  return parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
}

function saveWorkbenchLogs(logs: Array<{ relativePath: string; contents: string }> | undefined): void {
  if (!Array.isArray(logs)) return;
  const dir = path.join(logsDir, 'workbench-logs');
  for (const log of logs) {
    const file = path.join(dir, path.normalize(log.relativePath).replace(/^(\.\.[/\\])+/, ''));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, log.contents);
  }
}

/** open.spotify.com answers with a stub page, so "Open in Spotify" can be followed offline. */
async function stubSpotifyWeb(context: BrowserContext): Promise<void> {
  await context.route('https://open.spotify.com/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><title>Spotify (test stub)</title><p>Test stub for ${escapeHtml(route.request().url())}</p>`,
    }),
  );
}

/**
 * Every address the browser is sent to outside the workbench goes to the fake's browser-opens
 * list: each navigation of a popup (openExternal of an http(s) link opens one) and any
 * non-http(s) link (spotify:...), which the workbench assigns to its own location.
 * code-server opens links to 127.0.0.1 through its port proxy (/proxy/PORT/...); the list gets
 * the address the extension asked for.
 */
async function recordBrowserOpens(context: BrowserContext, workbench: Page, server: CodeServer, fake: FakeSpotify): Promise<void> {
  const proxied = new RegExp(`^${escapeRegExp(server.url)}/proxy/(\\d+)(/.*)?$`);
  const record = (url: string): void => {
    if (!url || url === 'about:blank') return;
    const direct = url.replace(proxied, (_, port: string, rest = '/') => `http://127.0.0.1:${port}${rest}`);
    fake.state.recordBrowserOpen(direct);
    console.log(`[host] browser opened ${redact(direct)}${direct === url ? '' : ' (through the code-server proxy)'}`);
  };
  context.on('request', (request: Request) => {
    if (!request.isNavigationRequest() || request.serviceWorker()) return;
    let frame: Frame | undefined;
    try {
      frame = request.frame();
    } catch {
      // A new popup's first navigation is requested before its frame exists.
    }
    if (!frame || (frame.page() !== workbench && frame.parentFrame() === null)) record(request.url());
  });
  const cdp = await context.newCDPSession(workbench);
  await cdp.send('Page.enable');
  cdp.on('Page.frameRequestedNavigation', (event: { url: string }) => {
    if (!/^https?:/i.test(event.url)) record(event.url);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Only for the console: the fake keeps the full addresses. */
function redact(url: string): string {
  return url.replace(/([?&](?:code|code_challenge|state)=)[^&]+/g, '$1…');
}

async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be a plain file name, got ${JSON.stringify(name)}`);
  const file = path.join(repoRoot, 'docs', 'images', name.endsWith('.png') ? name : `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  console.log(`[host] screenshot ${path.relative(repoRoot, file)}`);
  return file;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    void cleanUp().finally(() => process.exit(EXIT_HARNESS));
  },
);
