// The fake Spotify seen from the extension host: its control API (/__fake/*) over real HTTP, and
// direct reads of its Web API for what a test expects to see in the tree.
import type { BrowserOpen, FakeFaults, FakeStats, FakeSwitches, LogEntry, ResetOptions } from '../../fake-spotify/state';
import type { TokenResponse } from '../../fake-spotify/tokens';

export type { BrowserOpen, FakeFaults, FakeStats, FakeSwitches, LogEntry };

/** Set by the launchers (code-server and desktop); suites skip themselves without it. */
export const fakeUrl = process.env.FAKE_SPOTIFY_URL ?? '';
export const fakeApiUrl = process.env.FAKE_SPOTIFY_API_URL ?? `${fakeUrl}/v1`;

export async function control<T = unknown>(route: string, body?: unknown, method?: string): Promise<T> {
  const response = await fetch(`${fakeUrl}${route}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const fake = {
  /** Default library (2,000 liked, 30 + 8 fixture playlists); clears faults, switches, stats, log and browser opens. */
  reset: (options: ResetOptions = {}) => control('/__fake/reset', options),
  setFaults: (faults: FakeFaults) => control<FakeFaults>('/__fake/faults', faults),
  clearFaults: () => control<FakeFaults>('/__fake/faults/clear', {}),
  configure: (patch: Partial<FakeSwitches>) => control<FakeSwitches>('/__fake/config', patch),
  stats: () => control<FakeStats>('/__fake/stats'),
  log: () => control<LogEntry[]>('/__fake/log'),
  clearLog: () => control('/__fake/log/clear', {}),
  browserOpens: () => control<BrowserOpen[]>('/__fake/browser-opens'),
  clearBrowserOpens: () => control('/__fake/browser-opens', undefined, 'DELETE'),
  screenshot: (name: string) => control<{ path: string }>('/__fake/harness/screenshot', { name }),
};

/** Completed requests (the log records a request when its response ends) whose path starts with `prefix`. */
export async function requestsTo(prefix: string): Promise<LogEntry[]> {
  return (await fake.log()).filter((entry) => entry.path.startsWith(prefix));
}

let readerToken: string | undefined;

/**
 * GET on the fake's Web API with a token of its own (not the extension's session), for the data a
 * test expects the tree to show. The request lands in the fake's log: read expectations first,
 * then clear the log.
 */
export async function readFakeApi<T = Record<string, unknown>>(pathAndQuery: string): Promise<T> {
  readerToken ??= (await control<TokenResponse>('/__fake/tokens/issue', {})).access_token;
  const response = await fetch(`${fakeApiUrl}${pathAndQuery}`, { headers: { Authorization: `Bearer ${readerToken}` } });
  if (response.status === 401) {
    // A reset with revokeTokens (the sign-in suite) or an expiry: take a new token once.
    readerToken = undefined;
    await response.body?.cancel();
    return readFakeApi<T>(pathAndQuery);
  }
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A page of Liked Songs as the fake serves it (newest first). */
export interface FakeTrack {
  id: string | null;
  name: string;
  uri: string;
  type: string;
  external_urls: { spotify?: string };
}
export async function fakeLikedPage(offset: number, limit = 50): Promise<FakeTrack[]> {
  const page = await readFakeApi<{ items: Array<{ track: FakeTrack }> }>(`/me/tracks?offset=${offset}&limit=${limit}&market=from_token`);
  return page.items.map((item) => item.track);
}

/** Waits for the harness to record the browser going to an address `matches` accepts. */
export async function waitForBrowserOpen(matches: (url: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await fake.browserOpens()).map((open) => open.url).find(matches);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = (await fake.browserOpens()).map((open) => open.url);
      throw new Error(`the browser never went there; it opened: ${JSON.stringify(seen)}`);
    }
    await delay(100);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
