// Runs test/integration in a real VS Code: code-server (VS Code 1.139 server + web workbench)
// opened by headless Chromium, against the fake Spotify started here in-process.
//   node out/test/host/runIntegration.js            (npm test runs it after building)
//   MOCHA_GREP='sign in' node out/test/host/runIntegration.js
//   node out/test/host/runIntegration.js --screenshots   (npm run screenshots: only the README's pictures)
//   node out/test/host/runIntegration.js --web   (the web build in the web worker extension host: test/web)
//   node out/test/host/runIntegration.js --display-language de   (a German window: displayLanguage.test.ts only)
// Two stages: the mocha suite in a workbench running extension tests, then sign-in scenarios in a
// workbench without them, where VS Code shows its dialogs (uiScenarios.ts).
// Exit: 0 all passed, 1 a test failed, 2 the harness failed (no server, no browser, timeout...).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page, type Request } from 'playwright-core';
import { FAKE_CLIENT_ID } from '../fake-spotify/fixtures';
import { startFakeSpotify, type FakeSpotify, type HarnessHooks, type IssuedSecrets, type WorkbenchNotification, type WorkbenchQuickInput } from '../fake-spotify/server';
import type { WorkbenchDialog } from '../fake-spotify/control';
import { startCodeServer, type CodeServer } from './codeServer';
import { imageCdnPath, SPOTIFY_IMAGE_HOSTS } from '../fake-spotify/images';
import { runUiScenarios } from './uiScenarios';

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
/**
 * The web build (package.json "browser") forced into the workbench's web worker extension host,
 * running test/web (bundled by esbuild.js) instead of test/integration.
 */
const webMode = process.argv.includes('--web');
/** `--display-language de`: VS Code's display language for the window, which then runs only test/integration/displayLanguage.test.ts. */
const displayLanguage = process.argv.includes('--display-language') ? process.argv[process.argv.indexOf('--display-language') + 1] : undefined;
const runName = webMode ? 'integration-web' : displayLanguage ? `integration-${displayLanguage}` : 'integration';
/** Logs of the last run: the workbench's, the server's (remote extension host included). */
const logsDir = path.join(resultsDir, runName);
const timeoutMs = Number(process.env.LIBRARY_FOR_SPOTIFY_TEST_TIMEOUT_MS) || 15 * 60_000;
/** Only this mode writes docs/images: `npm test` leaves the clone as it found it. */
const screenshotsMode = process.argv.includes('--screenshots');
/** Every answer of the fake waits this long, as Spotify's do, so races between requests can show. */
const fakeLatencyMs = Number(process.env.LIBRARY_FOR_SPOTIFY_FAKE_LATENCY_MS ?? 20);

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

/** Runs once at a time, however many callers (the end of a stage, a signal) ask for it. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const cleanup = cleanups.pop()!;
      await cleanup().catch((error: unknown) => console.error(`[host] cleanup: ${(error as Error).message}`));
    }
  })().finally(() => (cleaning = undefined));
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
  let leakScan: LeakScan | undefined;
  let uiStage: { passed: number; failed: number; pending: number } | undefined;
  fs.rmSync(logsDir, { recursive: true, force: true });
  fs.mkdirSync(logsDir, { recursive: true });
  try {
    const fake = await startFakeSpotify({ liked: 2000, playlists: 30, latencyMs: fakeLatencyMs });
    cleanups.push(() => fake.close());
    console.log(`[host] fake Spotify on ${fake.url} (${fakeLatencyMs} ms a request)`);

    const server = await startCodeServer({
      settings: {
        'spotifyLibrary.clientId': FAKE_CLIENT_ID,
        'spotifyLibrary.apiBaseUrl': fake.apiUrl,
        'spotifyLibrary.accountsBaseUrl': fake.url,
        // The fake's stand-in for https://vscode.dev/redirect, which these machines cannot reach.
        'spotifyLibrary.redirectPageUrl': `${fake.url}/redirect`,
        // The fake models no budget unless a test turns it on: pacing would only slow the run.
        'spotifyLibrary.requestsPer30Seconds': 1000,
        // The web worker host has no loopback: there the flow is chosen as for a user.
        'spotifyLibrary.signInFlow': webMode ? 'auto' : 'loopback',
        // What a user can set too: the extension runs in the browser's web worker, not on the server.
        ...(webMode ? { 'remote.extensionKind': { [extensionId()]: ['web'] } } : {}),
      },
      // The link-protection dialog would fail openExternal: tests refuse to show dialogs.
      trustedDomains: ['https://open.spotify.com'],
      displayLanguage,
    });
    cleanups.push(() => server.stop());
    // The server's logs (remote extension host included) outlive its run folder.
    cleanups.push(async () => {
      fs.cpSync(path.join(server.runDir, 'user-data', 'logs'), path.join(logsDir, 'code-server-logs'), { recursive: true });
      fs.copyFileSync(server.logFile, path.join(logsDir, 'code-server.log'));
    });
    console.log(`[host] code-server on ${server.url} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    const context = await launchBrowser(server.runDir);
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    const workbenchLog = fs.createWriteStream(path.join(logsDir, 'workbench.log'));
    cleanups.push(() => new Promise((resolve) => workbenchLog.end(resolve)));

    await prepareBrowser(context, page, server, fake);
    fake.setHarness({ ...(screenshotsMode ? { screenshot: (name: string) => screenshot(page, name) } : {}), ...workbenchUi(page) });

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
      ...(screenshotsMode ? { LIBRARY_FOR_SPOTIFY_SCREENSHOTS: '1' } : {}),
      ...(displayLanguage ? { LIBRARY_FOR_SPOTIFY_DISPLAY_LANGUAGE: displayLanguage } : {}),
    };
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(path.join(repoRoot, 'out', 'test', webMode ? 'web' : 'integration', 'index.js'))],
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
    if (outcome.kind === 'exit' && !interruptedBy) {
      // The browser flushes its storage (globalState is its IndexedDB) when it closes.
      await context.close();
      leakScan = scanForLeakedSecrets(fake.state.tokens(), server.runDir, logsDir, 'token leak scan');
    }
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

  // The second stage, after the first has stopped its server and browser (memory is short here).
  if (counts && !harnessError && !interruptedBy && !screenshotsMode && !webMode && !displayLanguage) {
    try {
      uiStage = await runUiScenarios({
        repoRoot,
        logsDir: path.join(logsDir, 'ui-stage'),
        grep: process.env.MOCHA_GREP,
        latencyMs: fakeLatencyMs,
        track: (cleanup) => cleanups.push(cleanup),
        launchBrowser,
        prepareBrowser,
        workbenchUi,
        scanForLeakedSecrets: (issued, runDir, stageLogs, title) => scanForLeakedSecrets(issued, runDir, stageLogs, title).leaks.length === 0,
      });
    } catch (error) {
      harnessError = interruptedBy ? `interrupted by ${interruptedBy}` : `UI stage: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    } finally {
      await cleanUp();
    }
  }

  if (counts && leakScan) {
    // The scan counts as one more test, so the totals show it.
    const leaked = leakScan.leaks.length > 0;
    counts = { ...counts, passed: counts.passed + (leaked ? 0 : 1), failed: counts.failed + (leaked ? 1 : 0) };
  }
  if (counts && uiStage) {
    counts = { passed: counts.passed + uiStage.passed, failed: counts.failed + uiStage.failed, pending: counts.pending + uiStage.pending };
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
  fs.writeFileSync(path.join(resultsDir, `${runName}.json`), JSON.stringify(summary, null, 2));
  console.log(`[host] finished in ${summary.seconds.toFixed(1)} s${exitCode ? `; logs in ${path.relative(process.cwd(), logsDir)}` : ''}`);
  const variant = webMode ? ' (web worker host)' : displayLanguage ? ` (display language ${displayLanguage})` : '';
  console.log(`Integration${variant}: ${summary.passed} passed, ${summary.failed} failed, ${summary.pending} skipped`);
  return exitCode;
}

// ---- Token leak scan --------------------------------------------------------------------------
// After the tests, every token and authorization code the fake issued is searched for, as bytes,
// in every file of the run: code-server's user-data folder (logs, the extension's globalStorage
// folder with the library cache, settings), its temp and XDG folders, the Chromium profile (the
// workbench's globalState and logs are the browser's IndexedDB there: code-server keeps no
// state.vscdb) and this launcher's logs folder (the workbench's log, its logs handed over at exit).

/**
 * SecretStorage, the one place a token may be kept. code-server's web workbench keeps it in the
 * browser, not on the server: its LocalStorageSecretStorageProvider stores every secret as one
 * localStorage entry of the workbench's origin ("secrets.provider"), AES-GCM sealed with a key
 * whose server half is user-data/serve-web-key-half. localStorage is this LevelDB folder of the
 * Chromium profile; hits there are not leaks (sealed, there are none).
 */
const SECRET_STORAGE_DIR = path.join('chromium-profile', 'Default', 'Local Storage');
/**
 * Where the workbench keeps data in the browser (globalState, workspace state and logs in
 * IndexedDB; sessionStorage). The rest of the Chromium profile is the browser's own record of
 * the addresses it visited (history, sessions, HTTP cache): the OAuth redirect carries the
 * authorization code in its URL, so the browser records it like any address. A code is single
 * use and worthless without the PKCE verifier, which never leaves the extension host; there a
 * code is no leak, a token is.
 */
const WORKBENCH_BROWSER_DATA = ['IndexedDB', 'Session Storage', 'File System'].map((dir) => path.join('chromium-profile', 'Default', dir));
/** Long enough to be unique (the fake's secrets are random base64url), short enough to catch a truncated copy. */
const NEEDLE_LENGTH = 40;

interface LeakScan {
  leaks: Array<{ file: string; kind: string }>;
  files: number;
  bytes: number;
  secrets: number;
  /** Codes found in the browser's navigation records (allowed, reported). */
  codesInBrowserRecords: number;
  inSecretStorage: number;
}

type SecretKind = 'access token' | 'refresh token' | 'authorization code';

function scanForLeakedSecrets(issued: IssuedSecrets, runDir: string, launcherLogs: string, title: string): LeakScan {
  const started = Date.now();
  const needles: Array<{ kind: SecretKind; bytes: Buffer[] }> = [];
  const add = (kind: SecretKind, secrets: string[]) => {
    for (const secret of secrets) {
      const head = secret.slice(0, NEEDLE_LENGTH);
      // UTF-16 too: browsers store many strings that way (localStorage, IndexedDB, session files).
      needles.push({ kind, bytes: [Buffer.from(head, 'utf8'), Buffer.from(head, 'utf16le')] });
    }
  };
  add('access token', issued.accessTokens);
  add('refresh token', issued.refreshTokens);
  add('authorization code', issued.codes);

  const scan: LeakScan = { leaks: [], files: 0, bytes: 0, secrets: needles.length, codesInBrowserRecords: 0, inSecretStorage: 0 };
  const files = [
    ...listFiles(runDir).map((file) => ({ file, shown: path.relative(runDir, file) })),
    ...listFiles(launcherLogs).map((file) => ({ file, shown: path.relative(repoRoot, file) })),
  ];
  for (const { file, shown } of files) {
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch {
      continue; // gone meanwhile (a lock or temp file)
    }
    scan.files++;
    scan.bytes += data.length;
    const kinds = new Set<SecretKind>();
    for (const needle of needles) {
      if (!kinds.has(needle.kind) && needle.bytes.some((bytes) => data.includes(bytes))) kinds.add(needle.kind);
    }
    if (kinds.size === 0) continue;
    if (isUnder(shown, SECRET_STORAGE_DIR)) {
      scan.inSecretStorage++;
      continue;
    }
    const browserRecord = isUnder(shown, 'chromium-profile') && !WORKBENCH_BROWSER_DATA.some((dir) => isUnder(shown, dir));
    for (const kind of kinds) {
      if (kind === 'authorization code' && browserRecord) scan.codesInBrowserRecords++;
      else scan.leaks.push({ file: shown, kind });
    }
  }

  const summary = `${scan.secrets} secrets (${issued.accessTokens.length} access tokens, ${issued.refreshTokens.length} refresh tokens, ${issued.codes.length} codes) in ${scan.files} files, ${(scan.bytes / 1e6).toFixed(1)} MB, ${Date.now() - started} ms`;
  if (scan.leaks.length === 0) {
    console.log(`  ✔ ${title}: no token or code outside SecretStorage; ${summary}`);
  } else {
    console.error(`  ✘ ${title}: ${scan.leaks.length} leak(s); ${summary}`);
    // The file and the kind of secret, never the secret.
    for (const leak of scan.leaks) console.error(`      ${leak.kind} in ${leak.file}`);
  }
  if (scan.codesInBrowserRecords) console.log(`    (authorization codes in the browser's history, sessions or cache: ${scan.codesInBrowserRecords} file(s), allowed)`);
  if (scan.inSecretStorage) console.log(`    (secrets readable in SecretStorage's localStorage: ${scan.inSecretStorage} file(s), allowed)`);
  return scan;
}

function isUnder(relative: string, dir: string): boolean {
  return relative === dir || relative.startsWith(dir + path.sep);
}

/** Regular files only: code-server's temp folder also holds sockets. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full));
    else if (entry.isFile()) found.push(full);
  }
  return found;
}

function extensionId(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${manifest.publisher}.${manifest.name}`;
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

function launchBrowser(runDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(path.join(runDir, 'chromium-profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    // This launcher stops the browser itself, in order, on a signal.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // Chromium's crash reports and caches stay in the run folder too.
    env: { ...process.env, TMPDIR: path.join(runDir, 'tmp'), XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'), XDG_CACHE_HOME: path.join(runDir, 'xdg-cache') },
  });
}

async function prepareBrowser(context: BrowserContext, workbench: Page, server: CodeServer, fake: FakeSpotify): Promise<void> {
  await stubSpotifyWeb(context);
  await serveCoversFromFake(context, fake);
  await recordBrowserOpens(context, workbench, server, fake);
}

/**
 * Covers: the API answers Spotify's real https image URLs (i.scdn.co...), which the workbench's CSP
 * allows and these machines cannot reach; the browser gets them from the fake's CDN stand-in.
 */
async function serveCoversFromFake(context: BrowserContext, fake: FakeSpotify): Promise<void> {
  await context.route(SPOTIFY_IMAGE_HOSTS, async (route) => {
    const cdnPath = imageCdnPath(route.request().url());
    const response = cdnPath ? await fetch(`${fake.url}${cdnPath}`).catch(() => undefined) : undefined;
    if (!response?.ok) return route.fulfill({ status: 404, body: '' });
    await route.fulfill({ status: 200, contentType: response.headers.get('content-type') ?? 'image/png', body: Buffer.from(await response.arrayBuffer()) });
  });
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
  // The user reads the Spotify page a link opened, closes the tab and is back in VS Code: a tab left
  // in front hides the workbench, whose tree and keys then wait for frames that never come. (Keys
  // and window focus from the harness bring the workbench to front too.)
  context.on('page', (opened: Page) => {
    if (opened === workbench) return;
    opened.on('load', () => {
      if (!opened.url().startsWith('https://open.spotify.com/')) return;
      void opened
        .close()
        .then(() => workbench.bringToFront())
        .catch(() => undefined);
    });
  });
  // A spotify: link is kept from navigating the workbench away, as a desktop browser asking "Open
  // Spotify?" keeps the page: headless Chromium otherwise lets the workbench see an unload, and its
  // keybindings, quick inputs and notifications stop answering for the rest of the run.
  await context.exposeBinding(EXTERNAL_OPEN_BINDING, (_source, url: string) => record(url));
  await context.addInitScript(keepWorkbenchOnExternalLinks, EXTERNAL_OPEN_BINDING);
  await workbench.evaluate(keepWorkbenchOnExternalLinks, EXTERNAL_OPEN_BINDING);
}

const EXTERNAL_OPEN_BINDING = '__libraryForSpotifyExternalOpen';

/** Runs in the workbench page: cancels navigations to non-web schemes and reports them instead. */
function keepWorkbenchOnExternalLinks(binding: string): void {
  const page = globalThis as unknown as {
    navigation?: { addEventListener(type: 'navigate', listener: (event: { destination: { url: string }; cancelable: boolean; preventDefault(): void }) => void): void };
    [key: string]: unknown;
  };
  if (!page.navigation || page[`${binding}Installed`]) return;
  page[`${binding}Installed`] = true;
  page.navigation.addEventListener('navigate', (event) => {
    const url = event.destination.url;
    if (/^(https?|about|blob|data):/i.test(url) || !event.cancelable) return;
    event.preventDefault();
    void (page[binding] as (url: string) => Promise<void>)(url);
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

// ---- The workbench UI, driven for the tests (HarnessHooks) ------------------------------------
// Selectors of VS Code 1.139's workbench DOM (workbench/browser/parts/notifications,
// platform/quickinput/browser), found by probing the running workbench.
// With the smoke-test driver on (the test payload needs it) the workbench shows no notification
// toasts: notifications are read from the notification center, opened for the read by the
// status bar bell and closed again. Opening it takes the focus, as a click on the bell would.
const NOTIFICATION_CENTER = '.notifications-center';
const NOTIFICATION_BELL = '[id="status.notifications"]';
const NOTIFICATION_ROW = '.notifications-center .notification-list-item';
const NOTIFICATION_MESSAGE = '.notification-list-item-message';
const NOTIFICATION_BUTTON = '.notification-list-item-buttons-container .monaco-button';
const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';
const QUICK_INPUT_ROW = '.quick-input-widget .quick-input-list .monaco-list-row';
const DEFAULT_UI_TIMEOUT_MS = 5000;
const WELCOME_ACTION = '.welcome-view-content :is(.monaco-button, a)';
const DIALOG = '.monaco-dialog-box';
const TREE_ROW = '.pane-body .monaco-list-row';
/** The text area of the editor that has focus (an editor group shows one at a time). */
const ACTIVE_EDITOR_TEXT = '.editor-group-container.active .editor-instance .monaco-editor .view-lines';
const DIALOG_BUTTON = '.monaco-dialog-box .dialog-buttons .monaco-button';

function workbenchUi(page: Page): HarnessHooks {
  /**
   * Runs `read` with the notification center open. (A notification with buttons is always shown
   * expanded, so its buttons are in the DOM.) The center closes by itself when its last
   * notification goes, so closing it again is allowed to find nothing.
   */
  async function inNotificationCenter<T>(read: () => Promise<T>): Promise<T> {
    const center = page.locator(NOTIFICATION_CENTER);
    const wasOpen = await center.isVisible();
    if (!wasOpen) {
      // The bell toggles the center on a click. A click that raced a change of focus (a sign-in
      // page closing) opens nothing: the user clicks again.
      for (let attempt = 1; ; attempt++) {
        // Not forced at first: a toast sliding in passes over the bell, and a forced click there
        // presses the toast's button (seen: Open in Spotify pressed by the read).
        const bell = page.locator(NOTIFICATION_BELL);
        await bell.click({ timeout: 2_000 }).catch(() => bell.click({ timeout: DEFAULT_UI_TIMEOUT_MS, force: true }));
        const shown = await center.waitFor({ state: 'visible', timeout: DEFAULT_UI_TIMEOUT_MS / 2 }).then(
          () => true,
          (error: unknown) => {
            if (attempt >= 2) throw error;
            return false;
          },
        );
        if (shown) break;
      }
    }
    try {
      return await read();
    } finally {
      if (!wasOpen && (await center.isVisible())) {
        await center.locator('.codicon-notifications-hide').click({ timeout: 1000, force: true }).catch(() => undefined);
      }
    }
  }
  const notifications = async (): Promise<WorkbenchNotification[]> => {
    const rows = await page.evaluate(
      ({ row, message, button }) =>
        Array.from(document.querySelectorAll<HTMLElement>(row))
          .filter((item) => item.checkVisibility())
          .map((item) => {
            const icon = item.querySelector('.notification-list-item-icon')?.classList;
            return {
              severity: icon?.contains('codicon-error') ? 'error' : icon?.contains('codicon-warning') ? 'warning' : 'info',
              message: item.querySelector(message)?.textContent?.trim() ?? '',
              buttons: Array.from(item.querySelectorAll(button)).map((b) => b.textContent?.trim() ?? ''),
              // withProgress: the row's progress bar runs (it is "done" and hidden otherwise).
              progress: !!item.closest('.monaco-list-row')?.querySelector('.monaco-progress-container:not(.done)'),
            } as const;
          }),
      { row: NOTIFICATION_ROW, message: NOTIFICATION_MESSAGE, button: NOTIFICATION_BUTTON },
    );
    // The center's list can render one notification twice when it arrives while the center
    // opens (seen with a progress notification and an error within milliseconds): identical rows
    // are listed once. How often an extension showed a message is for its log to say.
    const seen = new Set<string>();
    return rows.filter((row) => {
      const key = JSON.stringify(row);
      return !seen.has(key) && !!seen.add(key);
    });
  };
  const quickInput = (): Promise<WorkbenchQuickInput | undefined> =>
    page.evaluate(
      ({ widget, box, row }) => {
        const root = document.querySelector<HTMLElement>(widget);
        // Hiding animates: the closing widget stays in view a moment, inert.
        if (!root?.checkVisibility() || root.classList.contains('quick-input-widget-closing')) return undefined;
        const text = (parent: Element, selector: string) => parent.querySelector(selector)?.textContent?.trim() ?? '';
        // A row's detail is a second icon label (its own .label-name) in .quick-input-list-label-meta.
        const ownText = (item: Element, selector: string) =>
          Array.from(item.querySelectorAll(selector)).find((element) => !element.closest('.quick-input-list-label-meta'))?.textContent?.trim() ?? '';
        const input = document.querySelector<HTMLInputElement>(box);
        const decorated = root.querySelector('.quick-input-box .monaco-inputbox')?.classList;
        return {
          title: text(root, '.quick-input-title'),
          value: input?.value ?? '',
          placeholder: input?.placeholder ?? '',
          message: text(root, '.quick-input-message'),
          severity: decorated?.contains('error') ? 'error' : decorated?.contains('warning') ? 'warning' : decorated?.contains('info') ? 'info' : 'none',
          items: Array.from(document.querySelectorAll<HTMLElement>(row))
            .filter((item) => item.checkVisibility())
            .map((item) => ({
              label: ownText(item, '.label-name'),
              description: ownText(item, '.label-description'),
              detail: text(item, '.quick-input-list-label-meta'),
              // The group label a row opens (a QuickPickItemKind.Separator is drawn on its first row).
              separator: text(item, '.quick-input-list-separator'),
            })),
        } as const;
      },
      { widget: QUICK_INPUT, box: QUICK_INPUT_BOX, row: QUICK_INPUT_ROW },
    );
  const activeQuickPickLabel = (): Promise<string | undefined> =>
    page.evaluate((row) => {
      const active = document.querySelector(`${row}.focused`);
      const label = active && Array.from(active.querySelectorAll('.label-name')).find((element) => !element.closest('.quick-input-list-label-meta'));
      return label?.textContent?.trim();
    }, QUICK_INPUT_ROW);
  const dialog = (): Promise<WorkbenchDialog | undefined> =>
    page.evaluate(
      ({ box, button }) => {
        const root = document.querySelector<HTMLElement>(box);
        if (!root?.checkVisibility()) return undefined;
        const text = (selector: string) => root.querySelector(selector)?.textContent?.trim() ?? '';
        // A dialog without a detail shows its message in the detail's place.
        const hasDetail = root.querySelector('.dialog-message-text') !== null;
        return {
          message: text(hasDetail ? '.dialog-message-text' : '.dialog-message-detail'),
          detail: hasDetail ? text('.dialog-message-detail') : '',
          buttons: Array.from(document.querySelectorAll(button)).map((b) => b.textContent?.trim() ?? ''),
        };
      },
      { box: DIALOG, button: DIALOG_BUTTON },
    );
  /** Polls `read` until it gives something, or `timeoutMs` passes. */
  async function poll<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (value !== undefined || Date.now() >= deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    // Each look opens the center afresh: a notification that arrives while the center is already
    // open was seen not to appear in it until it was opened again (full runs, loaded machine).
    notifications: (waitFor, timeoutMs = DEFAULT_UI_TIMEOUT_MS) => {
      if (waitFor === undefined) return inNotificationCenter(notifications);
      return poll(
        () =>
          inNotificationCenter(async () => {
            const shown = await notifications();
            return shown.some((n) => n.message.includes(waitFor)) ? shown : undefined;
          }),
        timeoutMs,
      );
    },
    clickNotificationButton: async (message, button, timeoutMs = DEFAULT_UI_TIMEOUT_MS) => {
      let clicked = false;
      return (await poll(
        () =>
          inNotificationCenter(async () => {
            const target = page
              .locator(NOTIFICATION_ROW)
              .filter({ has: page.locator(NOTIFICATION_MESSAGE, { hasText: message }) })
              .locator(NOTIFICATION_BUTTON)
              .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(button)}\\s*$`) })
              .first();
            // Gone after a click: that click took, though its row outlived the first wait (a loaded machine).
            if ((await target.count()) === 0) return clicked ? true : undefined;
            // As a user clicks: on the button itself. A hover left over the center by an earlier
            // pointer move covers it (seen: a forced click landed on the tooltip): move away first.
            await page.mouse.move(0, 0);
            const pressed = await target.click({ timeout: 3000 }).then(
              () => true,
              // Still covered: as a keyboard user does; a center still moving is tried again.
              () => target.focus({ timeout: 3000 }).then(() => page.keyboard.press('Enter')).then(() => true, () => false),
            );
            if (!pressed) return undefined;
            clicked = true;
            // A click that took closes its notification; one that did not is clicked again.
            const gone = await target.waitFor({ state: 'detached', timeout: 3000 }).then(
              () => true,
              () => false,
            );
            return gone ? true : undefined;
          }),
        timeoutMs,
      )) ?? false;
    },
    quickInput: (timeoutMs = DEFAULT_UI_TIMEOUT_MS) => poll(quickInput, timeoutMs),
    async answerQuickInput({ text, pick, accept, button, timeoutMs = DEFAULT_UI_TIMEOUT_MS }) {
      if (!(await poll(quickInput, timeoutMs))) return false;
      try {
        const input = page.locator(QUICK_INPUT_BOX);
        if (pick !== undefined && button !== undefined) {
          // An item button (shown on hover), clicked with the mouse as a user would.
          const row = page.locator(QUICK_INPUT_ROW).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(pick)}\\s*$`) }) }).first();
          if ((await row.count()) === 0) return false;
          await row.hover({ timeout: timeoutMs });
          const action = row.locator(`.action-label[aria-label="${button.replace(/"/g, '\\"')}"]`).first();
          if ((await action.count()) === 0) return false;
          await action.click({ timeout: timeoutMs, force: true });
          return true;
        }
        if (pick !== undefined) {
          // By keyboard, as a user would: down to the row, Enter. (A mouse click can land on the
          // hover a previous click left over the list.)
          const shown = await quickInput();
          const rows = shown?.items.length ?? 0;
          if (!shown?.items.some((item) => item.label === pick)) return false;
          for (let step = 0; step <= rows; step++) {
            if ((await activeQuickPickLabel()) === pick) {
              await input.press('Enter', { timeout: timeoutMs });
              return true;
            }
            await input.press('ArrowDown', { timeout: timeoutMs });
          }
          return false;
        }
        if (text !== undefined) await input.fill(text, { timeout: timeoutMs });
        if (accept) await input.press('Enter', { timeout: timeoutMs });
        return true;
      } catch {
        return false;
      }
    },
    async pressKeys(keys) {
      await page.bringToFront(); // keys go to the window the user is in
      for (const key of keys) await page.keyboard.press(key);
    },
    async clickWelcome(label, timeoutMs = DEFAULT_UI_TIMEOUT_MS) {
      const target = page.locator(WELCOME_ACTION).filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }).first();
      const found = await poll(async () => ((await target.isVisible()) ? true : undefined), timeoutMs);
      if (!found) return false;
      await target.click({ timeout: timeoutMs });
      return true;
    },
    async dragTreeRowToEditor(label, shift, timeoutMs = DEFAULT_UI_TIMEOUT_MS) {
      const row = page.locator(TREE_ROW).filter({ hasText: label }).first();
      const editor = page.locator(ACTIVE_EDITOR_TEXT).first();
      if (!(await poll(async () => ((await row.isVisible()) && (await editor.isVisible()) ? true : undefined), timeoutMs))) return false;
      const from = await row.boundingBox();
      const to = await editor.boundingBox();
      if (!from || !to) return false;
      // By mouse, as a user drags: press on the row, move off it, (hold Shift) over the text, release.
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 5 });
      if (shift) await page.keyboard.down('Shift');
      await page.mouse.move(to.x + 40, to.y + 8, { steps: 15 });
      await page.mouse.up();
      if (shift) await page.keyboard.up('Shift');
      return true;
    },
    async dragTreeRowOntoRow(label, onto, timeoutMs = DEFAULT_UI_TIMEOUT_MS) {
      const row = page.locator(TREE_ROW).filter({ hasText: label }).first();
      const target = page.locator(TREE_ROW).filter({ hasText: onto }).first();
      if (!(await poll(async () => ((await row.isVisible()) && (await target.isVisible()) ? true : undefined), timeoutMs))) return false;
      const from = await row.boundingBox();
      const to = await target.boundingBox();
      if (!from || !to) return false;
      // By mouse, as a user drags: press on the row, move off it, over the target row, release.
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 5, { steps: 5 });
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
      await page.mouse.up();
      return true;
    },
    statusBar: () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.part.statusbar .statusbar-item'))
          .filter((item) => item.checkVisibility() && item.id)
          .map((item) => ({ id: item.id, text: item.innerText.trim(), label: item.querySelector('a')?.getAttribute('aria-label') ?? item.getAttribute('aria-label') ?? '' })),
      ),
    async windowFocus(focused) {
      if (focused) await page.bringToFront();
      // Headless Chromium keeps the page focused: VS Code asks document.hasFocus() on window focus/blur.
      // Losing focus answers false until focus comes back, which restores the browser's own answer.
      await page.evaluate((hasFocus) => {
        if (hasFocus) delete (document as { hasFocus?: unknown }).hasFocus;
        else Object.defineProperty(document, 'hasFocus', { value: () => false, configurable: true });
        window.dispatchEvent(new FocusEvent(hasFocus ? 'focus' : 'blur'));
      }, focused);
    },
    async dialog(button, timeoutMs = DEFAULT_UI_TIMEOUT_MS) {
      const shown = await poll(dialog, timeoutMs);
      if (!shown || button === undefined) return shown;
      if (!shown.buttons.includes(button)) return undefined;
      // A click, as a user answers it (VS Code's own dialog, e.g. "wants to sign in using Spotify").
      await page.locator(DIALOG_BUTTON).filter({ hasText: new RegExp(`^\\s*${escapeRegExp(button)}\\s*$`) }).first().click({ timeout: timeoutMs });
      return shown;
    },
  };
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
