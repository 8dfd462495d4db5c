// The integration run's second stage: signing in as a user meets it, in a workbench opened without
// extension tests. While extension tests run, VS Code's DialogService refuses every modal dialog
// (skipDialogs() is isExtensionDevelopment && extensionTestsLocationURI), so VS Code's own
// "The extension 'Library for Spotify' wants to sign in using Spotify." can be answered only here.
// The extension is loaded from the clone (extensionDevelopmentPath only): its mode is Development,
// it exports nothing, and every check reads what a user sees (the workbench's DOM, the browser's
// pages) or what reached the fake Spotify.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { FAKE_CLIENT_ID, FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { refUri } from '../fake-spotify/library';
import { startFakeSpotify, type FakeSpotify, type HarnessHooks, type IssuedSecrets } from '../fake-spotify/server';
import { startCodeServer, type CodeServer } from './codeServer';

/** What the launcher (runIntegration.ts) lends this stage, so both drive the workbench alike. */
export interface UiStageOptions {
  repoRoot: string;
  /** This stage's logs and failure screenshots go here (the leak scan reads it too). */
  logsDir: string;
  /** MOCHA_GREP: only scenarios whose full title matches run. */
  grep?: string;
  latencyMs: number;
  /** Registers a cleanup with the launcher, so Ctrl+C stops what this stage started. */
  track(cleanup: () => Promise<unknown>): void;
  launchBrowser(runDir: string): Promise<BrowserContext>;
  /** The open.spotify.com stub and the record of every address the browser is sent to. */
  prepareBrowser(context: BrowserContext, workbench: Page, server: CodeServer, fake: FakeSpotify): Promise<void>;
  workbenchUi(page: Page): HarnessHooks;
  /** The launcher's token leak scan; true when nothing leaked. */
  scanForLeakedSecrets(issued: IssuedSecrets, runDir: string, logsDir: string, title: string): boolean;
}

export interface UiStageResult {
  passed: number;
  failed: number;
  pending: number;
}

const SUITE = 'Sign-in through the workbench, as a user does it (no extension tests running)';
const SIGN_IN_PROMPT = "The extension 'Library for Spotify' wants to sign in using Spotify.";
const SIGN_IN_AGAIN_PROMPT = "The extension 'Library for Spotify' wants you to sign in again using Spotify.";
const PASTE_TITLE = 'Sign in to Spotify: paste the address from your browser';
const REJECTED = 'Spotify no longer accepts this sign-in. Sign in again.';
const SCENARIO_TIMEOUT_MS = 90_000;
const WAIT_MS = 15_000;
/** Long enough for a message the extension would show to reach the workbench. */
const SETTLE_MS = 1_000;
const LIKED = 60;
/** The model writes the cached library 2 s after a change. */
const CACHE_SAVED_MS = 3_000;
/** How long a reloaded window is watched for requests no one asked for: past startup and its first checks. */
const IDLE_WINDOW_MS = 8_000;

// Selectors of VS Code 1.139's workbench DOM, found by probing it.
const ACTIVITY_ICON = '.activitybar .action-item a[aria-label^="Spotify Library"]';
const TREE_ROW = '.part.sidebar .monaco-list-row';
/** A list's header kept on top while its rows scroll under it (VS Code's sticky scroll). */
const STICKY_ROW = '.part.sidebar .monaco-tree-sticky-row';
const WELCOME_BUTTON = '.part.sidebar .welcome-view-content .monaco-button';

interface TreeRow {
  label: string;
  description: string;
  level: number;
  expanded: boolean | undefined;
  /** What a screen reader says for the row. */
  ariaLabel: string;
}

/** The workbench as the scenarios use it: what is shown, and a user's clicks and keys. */
class Workbench {
  readonly popups: Page[] = [];

  constructor(
    readonly page: Page,
    readonly ui: HarnessHooks,
    readonly fake: FakeSpotify,
  ) {
    page.context().on('page', (popup) => this.popups.push(popup));
  }

  async openLibraryView(): Promise<void> {
    const icon = this.page.locator(ACTIVITY_ICON);
    await icon.waitFor({ timeout: 60_000 });
    // The icon toggles the side bar: click only while the view is not showing.
    if ((await icon.getAttribute('aria-expanded')) !== 'true') await icon.click();
  }

  async rows(): Promise<TreeRow[]> {
    return this.page.evaluate(
      (selector) =>
        Array.from(document.querySelectorAll<HTMLElement>(selector))
          .filter((row) => row.checkVisibility())
          .map((row) => ({
            label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
            description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
            level: Number(row.getAttribute('aria-level') ?? 0),
            expanded: row.hasAttribute('aria-expanded') ? row.getAttribute('aria-expanded') === 'true' : undefined,
            ariaLabel: row.getAttribute('aria-label') ?? '',
          })),
      TREE_ROW,
    );
  }

  /** The rows the user can see now: inside the tree's viewport, not under its sticky headers. */
  async rowsInSight(): Promise<TreeRow[]> {
    return this.page.evaluate(
      ({ selector, sticky }) => {
        const stickyBottom = Math.max(0, ...Array.from(document.querySelectorAll<HTMLElement>(sticky)).map((row) => row.getBoundingClientRect().bottom));
        const viewport = document.querySelector<HTMLElement>('.part.sidebar .monaco-list .monaco-scrollable-element')?.getBoundingClientRect();
        const inSight = (row: HTMLElement) => {
          const box = row.getBoundingClientRect();
          return !!viewport && !row.closest('.monaco-tree-sticky-container') && box.top >= Math.max(viewport.top, stickyBottom) - 1 && box.bottom <= viewport.bottom + 1;
        };
        return Array.from(document.querySelectorAll<HTMLElement>(selector))
          .filter(inSight)
          .map((row) => ({
            label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
            description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
            level: Number(row.getAttribute('aria-level') ?? 0),
            expanded: row.hasAttribute('aria-expanded') ? row.getAttribute('aria-expanded') === 'true' : undefined,
            ariaLabel: row.getAttribute('aria-label') ?? '',
          }));
      },
      { selector: TREE_ROW, sticky: STICKY_ROW },
    );
  }

  /** Waits until the tree's rows satisfy `ready`; the error shows the last rows seen. */
  async waitForRows(ready: (rows: TreeRow[]) => boolean, what: string, timeoutMs = WAIT_MS): Promise<TreeRow[]> {
    return waitFor(() => this.rows(), ready, `the tree ${what}`, timeoutMs);
  }

  async clickRow(label: string, level: number): Promise<void> {
    const row = this.page.locator(`${TREE_ROW}[aria-level="${level}"]`).filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) }).first();
    await row.click({ timeout: WAIT_MS });
  }

  async rightClickRow(label: string, level: number): Promise<void> {
    const row = this.page.locator(`${TREE_ROW}[aria-level="${level}"]`).filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) }).first();
    await row.click({ button: 'right', timeout: WAIT_MS });
  }

  /** The active editor tab: its label and whether it shows unsaved changes. */
  async activeTab(): Promise<{ label: string; dirty: boolean } | undefined> {
    return this.page.evaluate(() => {
      const tab = document.querySelector<HTMLElement>('.editor-group-container.active .tab.active');
      return tab ? { label: tab.querySelector('.label-name')?.textContent?.trim() ?? '', dirty: tab.classList.contains('dirty') } : undefined;
    });
  }

  async welcomeShown(): Promise<boolean> {
    return this.page.locator(WELCOME_BUTTON).filter({ hasText: exactly('Sign In to Spotify') }).isVisible();
  }

  async clickWelcome(label: string): Promise<void> {
    if (!(await this.ui.clickWelcome!(label, WAIT_MS))) throw new Error(`the welcome view shows no "${label}"`);
  }

  async dialog(): Promise<{ message: string; detail: string; buttons: string[] }> {
    const shown = await this.ui.dialog!(undefined, WAIT_MS);
    if (!shown) throw new Error('VS Code showed no dialog');
    return shown;
  }

  async answerDialog(button: string): Promise<void> {
    if (!(await this.ui.dialog!(button, 0))) throw new Error(`no dialog with a ${button} button`);
  }

  /** Runs a command from the Command Palette, as a user would. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.ui.answerQuickInput!({ text: `>${title}`, timeoutMs: WAIT_MS });
    const shown = await waitFor(() => this.ui.quickInput!(0), (palette) => palette?.items.some((item) => item.label === title) === true, `the Command Palette listing "${title}"`);
    // Another command's title may contain this one ("File: Compare New Untitled Text Files" listed first).
    await this.ui.answerQuickInput!(shown!.items[0].label === title ? { accept: true } : { pick: title });
  }

  /** The consent page the extension opened in a new browser tab; the user presses Agree there. */
  async agreeOnConsentPage(): Promise<Page> {
    const consent = await waitFor(
      async () => this.popups.find((popup) => !popup.isClosed() && /\/authorize\?/.test(popup.url())),
      (found) => found !== undefined,
      'a browser tab with the consent page',
    );
    await consent!.locator('#agree').click({ timeout: WAIT_MS });
    return consent!;
  }

  async closePopups(): Promise<void> {
    for (const popup of this.popups.splice(0)) await popup.close().catch(() => undefined);
  }

  async errorsShown(): Promise<string[]> {
    const shown = (await this.ui.notifications!()) ?? [];
    return shown.filter((n) => n.severity !== 'info').map((n) => `${n.severity}: ${n.message}`);
  }

  /** Where the browser was sent, as the launcher recorded it. */
  opens(): URL[] {
    return this.fake.state.browserOpens().map((open) => new URL(open.url));
  }
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

async function waitFor<T>(read: () => Promise<T>, ready: (value: T) => boolean, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function equal<T>(actual: T, expected: T, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const signedIn = (rows: TreeRow[]) => rows.some((row) => row.label === 'Liked Songs' && row.level === 1) && rows.some((row) => row.label === 'Playlists' && row.level === 1);

/** The newest liked songs' names, read from the fake's Web API with a token of its own. */
async function likedSongNames(fake: FakeSpotify, count: number, offset = 0): Promise<string[]> {
  const token = fake.state.issueTokens().access_token;
  const response = await fetch(`${fake.apiUrl}/me/tracks?limit=${count}&offset=${offset}`, { headers: { Authorization: `Bearer ${token}` } });
  const page = (await response.json()) as { items: Array<{ track: { name: string } }> };
  return page.items.map((item) => item.track.name);
}

/** The first songs of a playlist, as Spotify lists them. */
async function playlistSongNames(fake: FakeSpotify, id: string, count: number): Promise<string[]> {
  const token = fake.state.issueTokens().access_token;
  const response = await fetch(`${fake.apiUrl}/playlists/${id}/items?limit=${count}`, { headers: { Authorization: `Bearer ${token}` } });
  const page = (await response.json()) as { items: Array<{ item: { name: string } | null }> };
  return page.items.flatMap((entry) => (entry.item ? [entry.item.name] : []));
}

/** The newest liked songs' links, as Spotify lists them. */
async function likedSongLinks(fake: FakeSpotify, count: number): Promise<string[]> {
  const token = fake.state.issueTokens().access_token;
  const response = await fetch(`${fake.apiUrl}/me/tracks?limit=${count}`, { headers: { Authorization: `Bearer ${token}` } });
  const page = (await response.json()) as { items: Array<{ track: { external_urls: { spotify: string } } }> };
  return page.items.map((item) => item.track.external_urls.spotify);
}

/** The liked song at `index` (0 = newest), as Spotify lists it. */
async function likedSongAt(fake: FakeSpotify, index: number): Promise<{ id: string; name: string; url: string }> {
  const token = fake.state.issueTokens().access_token;
  const response = await fetch(`${fake.apiUrl}/me/tracks?limit=1&offset=${index}`, { headers: { Authorization: `Bearer ${token}` } });
  const page = (await response.json()) as { items: Array<{ track: { id: string; name: string; external_urls: { spotify: string } } }> };
  const { id, name, external_urls } = page.items[0].track;
  return { id, name, url: external_urls.spotify };
}

/** The playlist's entries as Spotify holds them. */
function playlistUris(wb: Workbench, id: string): string[] {
  const library = wb.fake.state.library;
  return library.playlist(id)!.entries.map((entry) => refUri(library.seed, entry.ref) ?? '');
}

/** From the welcome view's Sign In to the tree: VS Code's prompt, the consent page, the loopback. */
async function signInWithTheWelcomeButton(wb: Workbench): Promise<void> {
  await wb.clickWelcome('Sign In to Spotify');
  const dialog = await wb.dialog();
  equal(dialog.message, SIGN_IN_PROMPT, 'VS Code’s prompt');
  check(dialog.buttons.includes('Allow') && dialog.buttons.includes('Cancel'), `Allow and Cancel, got ${JSON.stringify(dialog.buttons)}`);
  await wb.answerDialog('Allow');
  const consent = await wb.agreeOnConsentPage();
  // The loopback server's page, in the same tab: what the user reads before going back to VS Code.
  await waitFor(() => consent.title(), (title) => title === 'Signed in to Spotify', 'the loopback page saying "Signed in to Spotify"');
  await wb.waitForRows(signedIn, 'showing Liked Songs and Playlists');
}

interface Scenario {
  title: string;
  run(wb: Workbench): Promise<void>;
}

const scenarios: Scenario[] = [
  {
    title: 'the welcome view’s Sign In: VS Code asks, Allow, the consent page’s Agree, the loopback; Liked Songs expands to songs',
    async run(wb) {
      await signInWithTheWelcomeButton(wb);
      const authorize = wb.opens().find((url) => url.pathname === '/authorize');
      check(authorize, 'the browser went to the consent page');
      equal(authorize.searchParams.get('code_challenge_method'), 'S256', 'PKCE');
      const redirect = authorize.searchParams.get('redirect_uri') ?? '';
      check(/^http:\/\/127\.0\.0\.1:\d+\/callback$/.test(redirect), `a loopback redirect, got ${redirect}`);
      check(wb.opens().some((url) => url.href.startsWith(`${redirect}?code=`)), 'the browser came back to the loopback with a code');
      equal(wb.fake.state.stats().tokenRequests, 1, 'token requests (one code exchange)');

      const expected = await likedSongNames(wb.fake, 3);
      await wb.clickRow('Liked Songs', 1);
      const rows = await wb.waitForRows((shown) => shown.filter((row) => row.level === 2).length >= 3, 'listing liked songs under Liked Songs');
      equal(rows.filter((row) => row.level === 2).slice(0, 3).map((row) => row.label), expected, 'the newest liked songs');
      // What a screen reader says: each row's name, then what kind of row it is.
      for (const row of rows.filter((shown) => shown.level <= 2)) {
        const kind = row.level === 1 ? 'library section' : /^Load \d+ more$/.test(row.label) ? 'load more' : 'song';
        check(row.ariaLabel.startsWith(`${row.label}, `) && row.ariaLabel.split(', ').includes(kind), `the row "${row.label}" is spoken as a ${kind}: "${row.ariaLabel}"`);
      }
      // Ctrl+C on the song the user clicked copies its link (the keybinding, on the tree's selection).
      const [, second] = await likedSongLinks(wb.fake, 2);
      await wb.clickRow(expected[1], 2);
      await wb.page.keyboard.press('Control+c');
      // Reading the clipboard back is the test's, not the user's: the page may, for this check only.
      await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.page.url()).origin });
      await waitFor(() => wb.page.evaluate(() => navigator.clipboard.readText()), (copied) => copied === second, `Ctrl+C copying ${second}`);
      equal(await wb.errorsShown(), [], 'warnings and errors shown');
    },
  },
  {
    title: 'a new window with the Explorer in front: the extension starts, reads nothing on its own, a hover names a song link; showing the view brings the library up to date',
    // Before Edit as Text: a playlist document left open would be restored by the reload and read.
    async run(wb) {
      await signInWithTheWelcomeButton(wb);
      const names = await likedSongNames(wb.fake, 1);
      // The oldest liked song: not on the page the cache holds, so the hover asks Spotify.
      const oldest = await likedSongAt(wb.fake, LIKED - 1);
      await wb.clickRow('Liked Songs', 1);
      await wb.waitForRows((rows) => rows.some((row) => row.level === 2 && row.label === names[0]), 'listing the newest liked song');
      await new Promise((resolve) => setTimeout(resolve, CACHE_SAVED_MS)); // the cached library is written behind the tree
      await wb.runCommand('View: Show Explorer');
      wb.fake.state.clearLog();
      await wb.runCommand('Developer: Reload Window');
      await wb.page.locator(ACTIVITY_ICON).waitFor({ timeout: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
      equal(wb.fake.state.log().map((entry) => `${entry.method} ${entry.path}`), [], 'requests of a window no one used yet');

      await wb.runCommand('File: New Untitled Text File');
      await wb.page.keyboard.type(`See ${oldest.url} later`);
      await wb.page.keyboard.press('Escape'); // no suggestion widget over the line
      await wb.page.locator('.view-line span', { hasText: 'open.spotify.com' }).last().hover();
      await waitFor(
        () => wb.page.evaluate(() => Array.from(document.querySelectorAll('.monaco-hover-content')).map((hover) => hover.textContent ?? '').join('\n')),
        (text) => text.includes(oldest.name),
        `a hover naming “${oldest.name}”`,
      );
      equal(wb.fake.state.log().map((entry) => `${entry.method} ${entry.path}`), [`GET /v1/tracks/${oldest.id}`], 'requests after the hover');
      await wb.runCommand('View: Revert and Close Editor');

      await wb.openLibraryView();
      await waitFor(async () => wb.fake.state.log().map((entry) => entry.path), (paths) => paths.includes('/v1/me/tracks'), 'Liked Songs brought up to date');
      equal(await wb.errorsShown(), [], 'warnings and errors shown');
    },
  },
  {
    title: 'Sign in by pasting: VS Code asks, Allow, Agree, then the address the browser was sent to goes into the paste box',
    async run(wb) {
      await wb.clickWelcome('Sign in by pasting the redirect address');
      equal((await wb.dialog()).message, SIGN_IN_PROMPT, 'VS Code’s prompt');
      await wb.answerDialog('Allow');
      await wb.agreeOnConsentPage();
      // Spotify sends the browser to http://127.0.0.1/callback?code=…, where nothing listens: the user copies the address.
      const callback = await waitFor(
        async () => wb.opens().find((url) => url.origin === 'http://127.0.0.1' && url.pathname === '/callback'),
        (found) => found !== undefined,
        'the browser being sent to http://127.0.0.1/callback',
      );
      const box = await waitFor(() => wb.ui.quickInput!(0), (shown) => shown?.title === PASTE_TITLE, 'the paste box');
      check(/cannot be reached/.test(box!.message), `the paste box explains, got ${JSON.stringify(box!.message)}`);
      await wb.ui.answerQuickInput!({ text: callback!.href, accept: true });
      await wb.waitForRows(signedIn, 'showing Liked Songs and Playlists');
      equal(wb.fake.state.stats().tokenRequests, 1, 'token requests (one code exchange)');
      equal(await wb.errorsShown(), [], 'warnings and errors shown');
    },
  },
  {
    title: 'a session Spotify rejects twice: the node’s Sign In, VS Code asks to sign in again, Allow, Agree; the playlist lists again',
    async run(wb) {
      await signInWithTheWelcomeButton(wb);
      const playlist = wb.fake.state.library.playlist(FIXTURE_PLAYLISTS.owned120)!;
      const songs = await playlistSongNames(wb.fake, FIXTURE_PLAYLISTS.owned120, 10);
      // The collapsed sections learn their counts on their own; Playlists' first page is then known.
      await wb.waitForRows((rows) => rows.some((row) => row.level === 1 && row.label === 'Playlists' && /\d/.test(row.description)), 'Playlists with its count');
      await wb.clickRow('Playlists', 1);
      await wb.waitForRows((rows) => rows.some((row) => row.level === 2 && row.label === playlist.name), `listing “${playlist.name}”`);
      // Spotify answers 401 to every token, the refreshed one too.
      wb.fake.state.setFaults({ missingToken: {} });
      const codesBefore = wb.fake.state.tokens().codes.length;
      await wb.clickRow(playlist.name, 2);
      await wb.waitForRows((rows) => rows.some((row) => row.label === REJECTED && row.description === 'Sign In'), 'saying Spotify rejected the sign-in, with Sign In');
      // From now on only a new session works: the old tokens are gone for good.
      wb.fake.state.clearFaults();
      wb.fake.state.auth.revokeAll();
      await wb.clickRow(REJECTED, 3);
      const dialog = await wb.dialog();
      equal(dialog.message, SIGN_IN_AGAIN_PROMPT, 'VS Code’s prompt');
      equal(dialog.detail, REJECTED, 'the reason VS Code shows');
      await wb.answerDialog('Allow');
      await wb.agreeOnConsentPage();
      await waitFor(async () => wb.fake.state.tokens().codes.length, (codes) => codes === codesBefore + 1, 'a new authorization code');
      await wb.waitForRows(
        (rows) => rows.some((row) => row.level === 3 && songs.includes(row.label)) && !rows.some((row) => row.label === REJECTED),
        `listing the songs of “${playlist.name}”`,
      );
      equal(await wb.errorsShown(), [], 'warnings and errors shown');
    },
  },
  {
    title: 'the first Remove from Liked Songs asks for the permission: the row’s menu, VS Code asks, Allow, Agree; then the song goes, signed in as before',
    async run(wb) {
      await signInWithTheWelcomeButton(wb);
      const [newest] = await likedSongNames(wb.fake, 1);
      await wb.clickRow('Liked Songs', 1);
      await wb.waitForRows((rows) => rows.some((row) => row.level === 2 && row.label === newest), 'listing the newest liked song');
      const codesBefore = wb.fake.state.tokens().codes.length;
      wb.fake.state.clearLog();
      const row = wb.page.locator(`${TREE_ROW}[aria-level="2"]`).filter({ has: wb.page.locator('.label-name', { hasText: exactly(newest) }) }).first();
      await row.click({ button: 'right', timeout: WAIT_MS });
      await wb.page.getByRole('menuitem', { name: 'Remove from Liked Songs' }).click({ timeout: WAIT_MS });
      // Nothing goes to Spotify before the permission is there.
      equal((await wb.dialog()).message, SIGN_IN_PROMPT, 'VS Code’s prompt');
      equal(wb.fake.state.log().filter((entry) => entry.method !== 'GET' && entry.path.startsWith('/v1/')).length, 0, 'writes before Allow');
      await wb.answerDialog('Allow');
      const consent = await wb.agreeOnConsentPage();
      check(/user-library-modify/.test(decodeURIComponent(consent.url())) || wb.opens().some((url) => (url.searchParams.get('scope') ?? '').split(' ').includes('user-library-modify')), 'the consent page asks for user-library-modify');
      await waitFor(async () => wb.fake.state.tokens().codes.length, (codes) => codes === codesBefore + 1, 'a new authorization code');
      // The action then goes on by itself.
      await wb.waitForRows((rows) => rows.some((r) => r.level === 2) && !rows.some((r) => r.level === 2 && r.label === newest), 'without the song');
      const writes = wb.fake.state.log().filter((entry) => entry.method !== 'GET' && entry.path.startsWith('/v1/'));
      equal(writes.map((entry) => `${entry.method} ${entry.path} ${entry.status}`), ['DELETE /v1/me/library 200'], 'the writes');
      check(!(await wb.welcomeShown()), 'still signed in');
      equal(await wb.errorsShown(), [], 'warnings and errors shown');
    },
  },
  {
    title: 'Delete Playlist... from the row’s menu: a modal names it and its entries, Delete, the permission asked once; gone from the tree and Spotify; Undo on the notification brings it back on top with its entries',
    async run(wb) {
      await signInWithTheWelcomeButton(wb);
      const playlist = wb.fake.state.library.playlist(FIXTURE_PLAYLISTS.owned120)!;
      const entries = playlistUris(wb, FIXTURE_PLAYLISTS.owned120);
      await wb.clickRow('Playlists', 1);
      await wb.waitForRows((rows) => rows.some((row) => row.level === 2 && row.label === playlist.name), `listing “${playlist.name}”`);
      await wb.rightClickRow(playlist.name, 2);
      await wb.page.getByRole('menuitem', { name: 'Delete Playlist...' }).click({ timeout: WAIT_MS });
      const confirm = await wb.dialog();
      equal(confirm.message, `Delete the playlist “${playlist.name}”?`, 'the question');
      check(/It has 120 entries\./.test(confirm.detail) && /Undo brings it back/.test(confirm.detail), `the detail names the entries and Undo: "${confirm.detail}"`);
      equal(wb.fake.state.log().filter((entry) => entry.method !== 'GET' && entry.path.startsWith('/v1/')).length, 0, 'writes before the answer');
      await wb.answerDialog('Delete');
      // The first write asks for the permission to change playlists.
      equal((await wb.dialog()).message, SIGN_IN_PROMPT, 'VS Code’s prompt');
      await wb.answerDialog('Allow');
      await wb.agreeOnConsentPage();
      await wb.waitForRows((rows) => rows.some((row) => row.level === 2) && !rows.some((row) => row.level === 2 && row.label === playlist.name), 'without the playlist');
      check(!wb.fake.state.library.isFollowed(playlist.id), 'unfollowed on Spotify');
      const undo = await wb.ui.clickNotificationButton!(`Deleted “${playlist.name}”.`, 'Undo', WAIT_MS);
      check(undo, 'the notification offers Undo');
      const rows = await wb.waitForRows((shown) => shown.some((row) => row.level === 2 && row.label === playlist.name), 'with the playlist again');
      equal(rows.filter((row) => row.level === 2)[0]?.label, playlist.name, 'on top, where Spotify lists it');
      check(wb.fake.state.library.isFollowed(playlist.id), 'followed again on Spotify');
      equal(playlistUris(wb, playlist.id), entries, 'its entries');
      equal(await wb.errorsShown(), [], 'warnings and errors shown');
    },
  },
  {
    title: 'Edit as Text, changed on the phone meanwhile: Ctrl+S asks in a modal, Save Merged keeps both changes on Spotify and in the document',
    async run(wb) {
      await signInWithTheWelcomeButton(wb);
      const id = FIXTURE_PLAYLISTS.owned120;
      const original = playlistUris(wb, id);
      await wb.runCommand('Spotify Library: Edit as Text');
      await wb.ui.answerQuickInput!({ pick: 'Owned 120', timeoutMs: WAIT_MS });
      equal((await wb.dialog()).message, SIGN_IN_PROMPT, 'VS Code’s prompt for the permission to change playlists');
      await wb.answerDialog('Allow');
      await wb.agreeOnConsentPage();
      await waitFor(() => wb.activeTab(), (tab) => tab?.label.startsWith('Owned 120') === true, 'the playlist document open');
      // On the phone: the last entry removed. Here: the first entry's line deleted (the header is 3 lines).
      const onPhone = [...original].reverse().find((uri) => original.indexOf(uri) === original.lastIndexOf(uri) && uri !== original[0])!;
      wb.fake.state.library.removeEntries(wb.fake.state.library.playlist(id)!, new Set([onPhone]));
      await wb.page.keyboard.press('Control+Home');
      for (let line = 0; line < 3; line++) await wb.page.keyboard.press('ArrowDown');
      await wb.page.keyboard.press('Control+Shift+K');
      await waitFor(() => wb.activeTab(), (tab) => tab?.dirty === true, 'the document dirty');
      wb.fake.state.clearLog();
      await wb.page.keyboard.press('Control+S');
      const asked = await wb.dialog();
      check(asked.message.startsWith('“Owned 120” changed on Spotify since you opened it'), `the question: "${asked.message}"`);
      check(/fit together/.test(asked.detail), `the detail says both fit: "${asked.detail}"`);
      equal(wb.fake.state.log().filter((entry) => entry.method !== 'GET').length, 0, 'writes before the answer');
      await wb.answerDialog('Save Merged');
      const merged = original.filter((uri) => uri !== onPhone).slice(1);
      await waitFor(async () => playlistUris(wb, id), (uris) => uris.length === merged.length, 'the merged playlist on Spotify');
      equal(playlistUris(wb, id), merged, 'both changes, nothing else');
      await waitFor(() => wb.activeTab(), (tab) => tab?.dirty === false, 'the document saved');
      equal(await wb.errorsShown(), [], 'warnings and errors shown');
    },
  },
  {
    title: 'Sort By... from the sticky header of Liked Songs scrolled far down: the list, sorted by title, shows from its first row',
    async run(wb) {
      await signInWithTheWelcomeButton(wb);
      const newest = await likedSongNames(wb.fake, 50);
      const rest = await likedSongNames(wb.fake, LIKED - 50, 50);
      const firstByTitle = [...newest, ...rest].sort(new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare)[0];
      await wb.clickRow('Liked Songs', 1);
      await wb.waitForRows((rows) => rows.some((row) => row.level === 2 && row.label === newest[0]), 'listing the newest liked song');
      await wb.page.locator(TREE_ROW).first().hover();
      await waitFor(
        async () => {
          await wb.page.mouse.wheel(0, 600);
          return wb.rowsInSight();
        },
        (rows) => !rows.some((row) => row.level === 2 && row.label === newest[0]) && !rows.some((row) => row.label === firstByTitle),
        'the tree scrolled far down the list',
      );
      await wb.page.locator(STICKY_ROW).filter({ hasText: 'Liked Songs' }).first().click({ button: 'right', timeout: WAIT_MS });
      await wb.page.getByRole('menuitem', { name: 'Sort By...' }).click({ timeout: WAIT_MS });
      await wb.ui.answerQuickInput!({ pick: 'Title', timeoutMs: WAIT_MS });
      await waitFor(() => wb.rowsInSight(), (rows) => rows.some((row) => row.level === 2 && row.label === firstByTitle), `the first song by title, “${firstByTitle}”, in sight`);
      // Spotify's order again, for the scenarios after this one (orders are remembered).
      await wb.rightClickRow('Liked Songs', 1);
      await wb.page.getByRole('menuitem', { name: 'Sort By...' }).click({ timeout: WAIT_MS });
      await wb.ui.answerQuickInput!({ pick: 'Recently added', timeoutMs: WAIT_MS });
      await wb.waitForRows((rows) => rows.some((row) => row.level === 2 && row.label === newest[0]), 'Liked Songs newest first again');
      equal(await wb.errorsShown(), [], 'warnings and errors shown');
    },
  },
  {
    title: 'Cancel on VS Code’s prompt: still signed out, no browser tab, nothing shown as an error',
    async run(wb) {
      await wb.clickWelcome('Sign In to Spotify');
      equal((await wb.dialog()).message, SIGN_IN_PROMPT, 'VS Code’s prompt');
      await wb.answerDialog('Cancel');
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      check(await wb.welcomeShown(), 'the welcome view with Sign In is still shown');
      equal(await wb.rows(), [], 'tree rows');
      equal(wb.opens().map((url) => url.href), [], 'addresses the browser was sent to');
      equal(wb.fake.state.stats().authorizeRequests, 0, 'consent page requests');
      equal(await wb.errorsShown(), [], 'warnings and errors shown');
    },
  },
];

/** Runs the scenarios in a fresh code-server and browser; prints mocha-like lines. */
export async function runUiScenarios(options: UiStageOptions): Promise<UiStageResult> {
  const grep = options.grep ? new RegExp(options.grep) : undefined; // as mocha reads MOCHA_GREP
  const selected = scenarios.filter((scenario) => !grep || grep.test(`${SUITE} ${scenario.title}`));
  // As mocha does with a grep: scenarios left out are not counted.
  const result: UiStageResult = { passed: 0, failed: 0, pending: 0 };
  if (selected.length === 0) return result;
  const started = Date.now();
  fs.mkdirSync(options.logsDir, { recursive: true });

  // Its own fake: the issued secrets the leak scan looks for are this stage's.
  const fake = await startFakeSpotify({ liked: LIKED, playlists: 3, latencyMs: options.latencyMs });
  options.track(() => fake.close());
  const server = await startCodeServer({
    settings: {
      'spotifyLibrary.clientId': FAKE_CLIENT_ID,
      'spotifyLibrary.apiBaseUrl': fake.apiUrl,
      'spotifyLibrary.accountsBaseUrl': fake.url,
      'spotifyLibrary.signInFlow': 'loopback',
    },
  });
  options.track(() => server.stop());
  options.track(async () => {
    fs.cpSync(path.join(server.runDir, 'user-data', 'logs'), path.join(options.logsDir, 'code-server-logs'), { recursive: true });
    fs.copyFileSync(server.logFile, path.join(options.logsDir, 'code-server.log'));
  });
  const context = await options.launchBrowser(server.runDir);
  let contextClosed = false;
  options.track(async () => {
    if (!contextClosed) await context.close();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await options.prepareBrowser(context, page, server, fake);
  const wb = new Workbench(page, options.workbenchUi(page), fake);

  // No extensionTestsPath: VS Code shows its dialogs; the extension runs as in a user's VS Code.
  await page.goto(server.workbenchUrl([
    ['extensionDevelopmentPath', server.remoteUri(options.repoRoot)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ]), { waitUntil: 'domcontentloaded' });
  await wb.openLibraryView();
  await waitFor(() => wb.welcomeShown(), (shown) => shown, 'the welcome view', 60_000);
  console.log(`[host] UI stage: workbench without extension tests opened (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  console.log(`\n  ${SUITE}`);
  const failures: Array<{ title: string; error: string }> = [];
  for (const scenario of selected) {
    const t = Date.now();
    try {
      await startSignedOut(wb);
      await withTimeout(scenario.run(wb), SCENARIO_TIMEOUT_MS, scenario.title);
      result.passed++;
      console.log(`    ✔ ${scenario.title} (${Date.now() - t}ms)`);
    } catch (error) {
      result.failed++;
      failures.push({ title: scenario.title, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      console.error(`    ${failures.length}) ${scenario.title}`);
      // What the user saw, and what reached the fake (paths and statuses; the log holds no secret).
      await page.screenshot({ path: path.join(options.logsDir, `failure-${failures.length}.png`) }).catch(() => undefined);
      const requests = fake.state.log().map((entry) => `${entry.at} ${entry.method} ${entry.path} ${entry.status}`);
      fs.writeFileSync(path.join(options.logsDir, `failure-${failures.length}-fake-requests.txt`), `${requests.join('\n')}\n`);
    } finally {
      await wb.closePopups();
    }
  }
  console.log(`\n  ${result.passed} passing${result.failed ? `\n  ${result.failed} failing` : ''}`);
  failures.forEach((failure, index) => console.error(`\n  ${index + 1}) ${SUITE}\n       ${failure.title}:\n     ${failure.error}`));

  // Closing the browser flushes its storage; the run folder goes with the server, so scan first.
  contextClosed = true;
  await context.close();
  if (options.scanForLeakedSecrets(fake.state.tokens(), server.runDir, options.logsDir, 'token leak scan (UI stage)')) result.passed++;
  else result.failed++;
  console.log(`[host] UI stage finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Every scenario starts signed out (the Sign Out command, as a user would), with a fresh fake and no messages. */
async function startSignedOut(wb: Workbench): Promise<void> {
  if (!(await wb.welcomeShown())) {
    await wb.runCommand('Spotify Library: Sign Out of Spotify');
    await waitFor(() => wb.welcomeShown(), (shown) => shown, 'the welcome view after signing out');
  }
  await wb.runCommand('Notifications: Clear All Notifications');
  wb.fake.state.reset({ liked: LIKED, playlists: 3, revokeTokens: true });
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms / 1000} s`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
