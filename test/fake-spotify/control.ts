// /__fake/*: the HTTP form of FakeState, for tests that run in another process (the extension host).
// Not counted in stats or the request log.
import type { IncomingMessage } from 'node:http';
import { EDGE_CASES, FAKE_CLIENT_ID, FAKE_USER, FIXTURE_PLAYLISTS, NEEDS_CLEANUP } from './fixtures';
import { json, Reply } from './http';
import { SEARCH_COUNTS, SEARCH_FIXTURES, SEARCH_NAMES, SEARCH_WORD, SEARCH_WORD_TRACKS } from './searchFixtures';
import { handleSectionControl, SECTION_CONTROL_ENDPOINTS } from './sectionsControl';
import type { FakeState } from './state';

/** A notification as the workbench's notification center shows it, newest first. */
export interface WorkbenchNotification {
  severity: 'info' | 'warning' | 'error';
  /** withProgress title and message, for a progress notification. */
  message: string;
  buttons: string[];
  /** A running withProgress notification. */
  progress: boolean;
}

/** The quick input (QuickPick or InputBox) the workbench shows. */
export interface WorkbenchQuickInput {
  /** With the step, as shown: "Set Up Spotify Client ID (1/2)". */
  title: string;
  value: string;
  placeholder: string;
  /** The prompt, or the validation message in its place. */
  message: string;
  /** 'error' when the message is a validation error. */
  severity: 'error' | 'warning' | 'info' | 'none';
  /** QuickPick rows as rendered (only those scrolled into view). */
  items: Array<{ label: string; description: string; detail: string; /** The label of the group this row opens; '' inside a group. */ separator: string }>;
}

/** A modal dialog of the workbench ("The extension … wants to sign in using Spotify."). */
export interface WorkbenchDialog {
  message: string;
  detail: string;
  buttons: string[];
}

/** What the harness can do in the workbench UI on a test's behalf (the code-server launcher sets them). */
export interface HarnessHooks {
  /** Saves a screenshot of what the harness shows; returns the saved path. */
  screenshot?(name: string): Promise<string>;
  /** The notifications shown now; with `waitFor`, waits up to `timeoutMs` for one whose message contains it (undefined when none came). */
  notifications?(waitFor?: string, timeoutMs?: number): Promise<WorkbenchNotification[] | undefined>;
  /** Clicks `button` on the notification whose message contains `message`; false when there is none within `timeoutMs`. */
  clickNotificationButton?(message: string, button: string, timeoutMs?: number): Promise<boolean>;
  /** The quick input shown, waiting up to `timeoutMs` for one; undefined when none is shown. */
  quickInput?(timeoutMs?: number): Promise<WorkbenchQuickInput | undefined>;
  /** Types into the quick input (replacing its value), Enter when `accept`; or picks the QuickPick row labelled `pick` (arrow keys, Enter). False when no quick input (or no such row) is shown. */
  answerQuickInput?(answer: { text?: string; pick?: string; accept?: boolean; button?: string; timeoutMs?: number }): Promise<boolean>;
  /** Presses keys in the workbench, e.g. ['Escape'] (Playwright key names). */
  pressKeys?(keys: string[]): Promise<void>;
  /** Clicks the button or link labelled `label` in a view's welcome content (shown when the view is empty); false when none within `timeoutMs`. */
  clickWelcome?(label: string, timeoutMs?: number): Promise<boolean>;
  /** The modal dialog shown, waiting up to `timeoutMs` for one; with `button`, clicks that button. Undefined when none (or no such button) is shown. */
  dialog?(button: string | undefined, timeoutMs?: number): Promise<WorkbenchDialog | undefined>;
  /** Drags the tree row whose text contains `label` into the active text editor with the mouse, holding Shift unless `shift` is false (VS Code drops into the text only with Shift); false when no such row is shown. */
  dragTreeRowToEditor?(label: string, shift: boolean, timeoutMs?: number): Promise<boolean>;
  /** Drags the tree row whose text contains `label` onto the row whose text contains `onto`, with the mouse; false when either is not shown. */
  dragTreeRowOntoRow?(label: string, onto: string, timeoutMs?: number): Promise<boolean>;
  /** The status bar's entries as shown (hidden ones are absent). */
  statusBar?(): Promise<WorkbenchStatusBarEntry[]>;
  /** Makes the workbench window lose or regain focus, as switching to another app and back does. */
  windowFocus?(focused: boolean): Promise<void>;
}

/** A status bar entry: its DOM id (`publisher.extension.itemId` for an extension's), text and accessible label. */
export interface WorkbenchStatusBarEntry {
  id: string;
  text: string;
  label: string;
}

export const CONTROL_ENDPOINTS = [
  'GET  /__fake/info',
  'POST /__fake/reset            {seed?, liked?, playlists?, albums?, artists?, shows?, episodes?, revokeTokens?}',
  'GET|POST /__fake/config       {autoApprove, decline, refreshMode, expiresIn, legacyTracksAlias, legacyPlaylistShape, itemsEndpointMissing, nullPlaylistsAt, latencyMs, writeLatencyMs, registeredClientIds, redirectPageRegistered, retryAfterGraceMs}',
  'GET|POST /__fake/faults       {rateLimit, serverErrors, malformedJson, dropConnection, stall, missingToken, forbidden}',
  '    rateLimit {retryAfterSeconds?, omitRetryAfter?, count?, every?, after?, quotaExceeded?, pathPrefix?, method?}; serverErrors {rate?, status?, count?, after?, pathPrefix?}  (after: the first N matching requests pass)',
  'POST /__fake/faults/clear',
  'GET|POST /__fake/budget       {enabled, requests, windowMs, minutesAfterViolations, hoursAfterViolations, minutesRetryAfterSeconds, hoursRetryAfterSeconds, violationMemoryMs, burstGraceMs}',
  'POST /__fake/budget/clear     (forgets every app\'s window, violations, penalty and the model\'s stats)',
  'POST /__fake/tokens/expire',
  'POST /__fake/tokens/issue     {scope?, clientId?}',
  'GET  /__fake/tokens',
  'POST /__fake/library/like     {count}',
  'POST /__fake/library/unlike   {count}',
  'POST /__fake/playlists/{id}/add {count} | {uris}   (new tracks, or these known ones, at the end)',
  'POST /__fake/playlists/{id}/edit {remove?: [uri], insert?: {uris, position?}, move?: {rangeStart, insertBefore, rangeLength?}, addedBy?} -> {snapshot_id, total}  (a collaborator or another device changes it: remove, then insert, then move; new snapshot_id)',
  ...SECTION_CONTROL_ENDPOINTS,
  'GET|POST /__fake/player       {devices: none|one|several|oneInactive|severalInactive|kitchenSpeaker, premium, refuseCollectionContext, songEnds, shuffle, repeat: off|context|track} -> {devices, switches, playback: {deviceId, contextUri, itemUri, index, isPlaying, progressMs, queue, upNext, shuffle, repeat, volumePercent, disallows, disallowOverrides}}',
  'POST /__fake/player/remote    {action: next|previous|pause|resume|stop, playContext?}  (another Spotify app of the user does it)',
  'POST /__fake/player/devices/add {template?: desktop|phone|speaker, id?, name?, type?, is_active?, is_restricted?, is_private_session?, volume_percent?, supports_volume?} -> {devices, playback}',
  'POST /__fake/player/devices/remove {id} | devices/update {id, ...fields of add}   (the Kitchen Speaker template: supports_volume false)',
  'POST /__fake/player/disallows {pausing?, resuming?, seeking?, skipping_next?, skipping_prev?, toggling_shuffle?, toggling_repeat_context?, toggling_repeat_track?, transferring_playback?, interrupting_playback?}  (replaces the forced ones: true forbids, false allows whatever the state; {} clears)',
  'GET|POST /__fake/player/played {uri, playedAt?: ISO or ms, contextUri?} -> {played: [{uri, playedAt, contextUri}]}  (a play from the phone; GET: the history, newest first)',
  'POST /__fake/player/played/clear',
  'GET  /__fake/search           (the search-only fixtures: word, ids, names, counts, track uris)',
  'GET  /__fake/stats',
  'GET  /__fake/log | POST /__fake/log/clear',
  'GET|POST|DELETE /__fake/browser-opens {url}',
  'POST /__fake/harness/screenshot {name}',
  'POST /__fake/harness/notifications {waitFor?, timeoutMs?}',
  'POST /__fake/harness/click-notification-button {message, button, timeoutMs?}',
  'GET|POST /__fake/harness/quick-input-state {timeoutMs?}',
  'POST /__fake/harness/quick-input {text?, pick?, accept?, button?, timeoutMs?}',
  'POST /__fake/harness/keys     {keys}',
  'POST /__fake/harness/dialog   {button?, timeoutMs?}',
  'POST /__fake/harness/click-welcome {label, timeoutMs?}',
  'POST /__fake/harness/drag-tree-row {label, shift?, timeoutMs?}',
  'POST /__fake/harness/drag-tree-row-onto {label, onto, timeoutMs?}   (drops on the row whose text contains `onto`)',
  'GET  /__fake/harness/status-bar  -> [{id, text, label}]',
  'POST /__fake/harness/window-focus {focused}',
];

function bad(message: string): Reply {
  return json(400, { error: message });
}

function noHook(name: string): Reply {
  return json(501, { error: `no harness ${name} hook set` });
}

function timeout(body: Record<string, unknown>): number | undefined {
  const ms = body.timeoutMs;
  if (ms === undefined) return undefined;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 60_000) throw new Error('timeoutMs must be a number from 0 to 60000');
  return ms;
}

function count(body: Record<string, unknown>): number {
  const n = body.count ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error('count must be a non-negative integer');
  return n;
}

export async function handleControl(state: FakeState, harness: HarnessHooks, req: IncomingMessage, url: URL, rawBody: string): Promise<Reply> {
  let body: Record<string, unknown>;
  try {
    body = rawBody.trim() ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad('body must be a JSON object');
  } catch {
    return bad('body is not JSON');
  }
  const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET /__fake/info':
        return json(200, {
          url: state.baseUrl,
          apiUrl: state.apiUrl,
          clientId: FAKE_CLIENT_ID,
          user: FAKE_USER,
          liked: state.library.liked.length,
          playlists: state.library.playlists.length,
          fixtures: FIXTURE_PLAYLISTS,
          edgeCases: EDGE_CASES,
          needsCleanup: NEEDS_CLEANUP,
          switches: state.switches(),
        });
      case 'POST /__fake/reset':
        state.reset(body);
        return json(200, { ok: true, liked: state.library.liked.length, playlists: state.library.playlists.length });
      case 'GET /__fake/config':
        return json(200, state.switches());
      case 'POST /__fake/config':
        return json(200, state.configure(body));
      case 'GET /__fake/faults':
        return json(200, state.faults());
      case 'POST /__fake/faults':
        return json(200, state.setFaults(body));
      case 'GET /__fake/budget':
        return json(200, { config: state.budget.config(), stats: state.budget.stats(), clients: state.budget.clients() });
      case 'POST /__fake/budget':
        return json(200, { config: state.budget.configure(body), stats: state.budget.stats(), clients: state.budget.clients() });
      case 'POST /__fake/budget/clear':
        state.budget.clear();
        return json(200, { config: state.budget.config(), stats: state.budget.stats(), clients: [] });
      case 'POST /__fake/faults/clear':
        state.clearFaults();
        return json(200, state.faults());
      case 'POST /__fake/tokens/expire':
        return json(200, { expired: state.expireTokens() });
      case 'POST /__fake/tokens/issue':
        return json(200, state.issueTokens(body.scope as string | undefined, body.clientId as string | undefined));
      case 'GET /__fake/tokens':
        return json(200, state.tokens());
      case 'POST /__fake/library/like':
        return json(200, state.like(count(body)));
      case 'POST /__fake/library/unlike':
        return json(200, state.unlike(count(body)));
      case 'GET /__fake/player':
        return json(200, { devices: state.player.devices, switches: state.player.switches, playback: state.player.playback() });
      case 'POST /__fake/player':
        state.player.configure(body);
        return json(200, { devices: state.player.devices, switches: state.player.switches, playback: state.player.playback() });
      case 'POST /__fake/player/remote':
        if (!['next', 'previous', 'pause', 'resume', 'stop'].includes(body.action as string) && typeof body.playContext !== 'string') return bad('action must be next, previous, pause, resume or stop, or playContext a context uri');
        state.player.remote(body.action as 'next', body.playContext as string | undefined);
        return json(200, { playback: state.player.playback() });
      case 'POST /__fake/player/devices/add':
      case 'POST /__fake/player/devices/remove':
      case 'POST /__fake/player/devices/update':
        state.player.changeDevices(route.slice(route.lastIndexOf('/') + 1) as 'add', body);
        return json(200, { devices: state.player.devices, playback: state.player.playback() });
      case 'POST /__fake/player/disallows':
        state.player.setDisallows(body);
        return json(200, { playback: state.player.playback() });
      case 'GET /__fake/player/played':
        return json(200, { played: state.player.history.summary() });
      case 'POST /__fake/player/played': {
        if (typeof body.uri !== 'string') return bad('uri must be a track uri');
        const at = body.playedAt;
        const playedAt = at === undefined ? Date.now() : typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : NaN;
        if (!Number.isFinite(playedAt)) return bad('playedAt must be an ISO date or Unix ms');
        if (body.contextUri !== undefined && typeof body.contextUri !== 'string') return bad('contextUri must be a string');
        state.player.addPlay(body.uri, playedAt, (body.contextUri) ?? null);
        return json(200, { played: state.player.history.summary() });
      }
      case 'POST /__fake/player/played/clear':
        state.player.history.clear();
        return json(200, { played: [] });
      case 'GET /__fake/search': {
        const tracks = state.library.catalogOnly.map((ref) => state.library.uriOf(ref));
        return json(200, { word: SEARCH_WORD, fixtures: SEARCH_FIXTURES, names: SEARCH_NAMES, counts: SEARCH_COUNTS, wordTracks: SEARCH_WORD_TRACKS, catalogTrackUris: tracks });
      }
      case 'GET /__fake/stats':
        return json(200, state.stats());
      case 'GET /__fake/log':
        return json(200, state.log());
      case 'POST /__fake/log/clear':
        state.clearLog();
        return json(200, { ok: true });
      case 'GET /__fake/browser-opens':
        return json(200, state.browserOpens());
      case 'POST /__fake/browser-opens':
        if (typeof body.url !== 'string') return bad('url must be a string');
        state.recordBrowserOpen(body.url);
        return json(200, state.browserOpens());
      case 'DELETE /__fake/browser-opens':
        state.clearBrowserOpens();
        return json(200, []);
      case 'POST /__fake/harness/screenshot': {
        if (!harness.screenshot) return json(501, { error: 'no harness screenshot hook set' });
        if (typeof body.name !== 'string' || !body.name) return bad('name must be a string');
        return json(200, { path: await harness.screenshot(body.name) });
      }
      case 'POST /__fake/harness/notifications': {
        if (!harness.notifications) return noHook('notifications');
        if (body.waitFor !== undefined && typeof body.waitFor !== 'string') return bad('waitFor must be a string');
        const shown = await harness.notifications(body.waitFor, timeout(body));
        if (shown) return json(200, shown);
        return json(404, { error: `no notification with ${JSON.stringify(body.waitFor)}`, notifications: await harness.notifications() });
      }
      case 'POST /__fake/harness/click-notification-button': {
        if (!harness.clickNotificationButton || !harness.notifications) return noHook('clickNotificationButton');
        if (typeof body.message !== 'string' || typeof body.button !== 'string') return bad('message and button must be strings');
        if (await harness.clickNotificationButton(body.message, body.button, timeout(body))) return json(200, { clicked: body.button });
        return json(404, { error: `no notification with ${JSON.stringify(body.message)} and a button ${JSON.stringify(body.button)}`, notifications: await harness.notifications() });
      }
      case 'GET /__fake/harness/quick-input-state':
      case 'POST /__fake/harness/quick-input-state': {
        if (!harness.quickInput) return noHook('quickInput');
        const shown = await harness.quickInput(timeout(body) ?? (req.method === 'GET' ? 0 : undefined));
        return shown ? json(200, shown) : json(404, { error: 'no quick input is shown' });
      }
      case 'POST /__fake/harness/quick-input': {
        if (!harness.answerQuickInput) return noHook('answerQuickInput');
        if (body.text !== undefined && typeof body.text !== 'string') return bad('text must be a string');
        if (body.pick !== undefined && typeof body.pick !== 'string') return bad('pick must be a string');
        if (body.button !== undefined && (typeof body.button !== 'string' || typeof body.pick !== 'string')) return bad('button must be a string, with pick naming the row');
        const answer = { text: body.text, pick: body.pick, accept: body.accept === true, button: body.button, timeoutMs: timeout(body) };
        if (await harness.answerQuickInput(answer)) return json(200, { ok: true });
        return json(404, { error: body.pick === undefined ? 'no quick input is shown' : `no quick input row labelled ${JSON.stringify(body.pick)}` });
      }
      case 'POST /__fake/harness/dialog': {
        if (!harness.dialog) return noHook('dialog');
        if (body.button !== undefined && typeof body.button !== 'string') return bad('button must be a string');
        const shown = await harness.dialog(body.button, timeout(body));
        if (shown) return json(200, shown);
        return json(404, { error: body.button === undefined ? 'no dialog is shown' : `no dialog with a button ${JSON.stringify(body.button)}`, dialog: (await harness.dialog(undefined, 0)) ?? null });
      }
      case 'POST /__fake/harness/click-welcome': {
        if (!harness.clickWelcome) return noHook('clickWelcome');
        if (typeof body.label !== 'string') return bad('label must be a string');
        if (await harness.clickWelcome(body.label, timeout(body))) return json(200, { clicked: body.label });
        return json(404, { error: `no welcome content with ${JSON.stringify(body.label)} is shown` });
      }
      case 'POST /__fake/harness/drag-tree-row': {
        if (!harness.dragTreeRowToEditor) return noHook('dragTreeRowToEditor');
        if (typeof body.label !== 'string') return bad('label must be a string');
        if (body.shift !== undefined && typeof body.shift !== 'boolean') return bad('shift must be a boolean');
        if (await harness.dragTreeRowToEditor(body.label, body.shift !== false, timeout(body))) return json(200, { dragged: body.label });
        return json(404, { error: `no tree row with ${JSON.stringify(body.label)}, or no text editor, is shown` });
      }
      case 'POST /__fake/harness/drag-tree-row-onto': {
        if (!harness.dragTreeRowOntoRow) return noHook('dragTreeRowOntoRow');
        if (typeof body.label !== 'string' || typeof body.onto !== 'string') return bad('label and onto must be strings');
        if (await harness.dragTreeRowOntoRow(body.label, body.onto, timeout(body))) return json(200, { dragged: body.label, onto: body.onto });
        return json(404, { error: `no tree rows with ${JSON.stringify(body.label)} and ${JSON.stringify(body.onto)} are shown` });
      }
      case 'GET /__fake/harness/status-bar':
        if (!harness.statusBar) return noHook('statusBar');
        return json(200, await harness.statusBar());
      case 'POST /__fake/harness/window-focus':
        if (!harness.windowFocus) return noHook('windowFocus');
        if (typeof body.focused !== 'boolean') return bad('focused must be a boolean');
        await harness.windowFocus(body.focused);
        return json(200, { focused: body.focused });
      case 'POST /__fake/harness/keys': {
        if (!harness.pressKeys) return noHook('pressKeys');
        if (!Array.isArray(body.keys) || !body.keys.every((key) => typeof key === 'string')) return bad('keys must be an array of strings');
        await harness.pressKeys(body.keys);
        return json(200, { ok: true });
      }
    }
    const add = /^POST \/__fake\/playlists\/([^/]+)\/add$/.exec(route);
    if (add) {
      const uris = body.uris;
      if (uris !== undefined && !(Array.isArray(uris) && uris.every((uri) => typeof uri === 'string'))) return bad('uris must be an array of strings');
      const result = uris ? state.addUrisToPlaylist(decodeURIComponent(add[1]), uris) : state.addToPlaylist(decodeURIComponent(add[1]), count(body));
      return result ? json(200, result) : json(404, { error: 'unknown playlist' });
    }
    const edit = /^POST \/__fake\/playlists\/([^/]+)\/edit$/.exec(route);
    if (edit) {
      if (body.addedBy !== undefined && typeof body.addedBy !== 'string') return bad('addedBy must be a user id');
      const result = state.editPlaylist(decodeURIComponent(edit[1]), body);
      return result ? json(200, result) : json(404, { error: 'unknown playlist' });
    }
    const section = handleSectionControl(state, route, body);
    if (section) return section;
    return json(404, { error: `unknown control endpoint ${route}`, endpoints: CONTROL_ENDPOINTS });
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
}
