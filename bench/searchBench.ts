// Search Spotify (issue 23): what a typed query costs. One scripted typing session (a word typed
// with pauses, corrected, typed again, then a second word) is replayed through the quick pick's
// typing pause (searchedValues) and CatalogSearch over HTTP to the fake, against a client that
// searches on every keystroke (no pause, no cache). Requests are the fake's count of /v1/search.
import { performance } from 'node:perf_hooks';
import type { SpotifyClient } from '../src/api/spotifyClient';
import { CatalogSearch, parseSearchQuery, SEARCH_KINDS, SEARCH_PAGE_SIZE, searchedValues, TYPING_PAUSE_MS } from '../src/library/catalogSearch';
import { LibraryApi } from '../src/library/libraryApi';
import type { FakeSpotifyProcess } from './fake';

/** Keystrokes 110 ms apart (a quick typist), with the pauses a person makes: after "zeph", after a typo fixed, between words. */
function typingSession(): Array<{ value: string; atMs: number }> {
  const changes: Array<{ value: string; atMs: number }> = [];
  let value = '';
  let at = 0;
  const type = (text: string) => {
    for (const char of text) {
      value += char;
      at += 110;
      changes.push({ value, atMs: at });
    }
  };
  const erase = (count: number) => {
    for (let n = 0; n < count; n++) {
      value = value.slice(0, -1);
      at += 110;
      changes.push({ value, atMs: at });
    }
  };
  const pause = (ms: number) => (at += ms);
  type('zeph');
  pause(900);
  type('yt');
  pause(700);
  erase(1);
  type('r');
  pause(1200);
  erase(2);
  pause(800);
  type('yr');
  pause(1500);
  type(' quartet');
  return changes;
}

export interface SearchBenchResult {
  keystrokes: number;
  /** Values the typing pause let through, in order. */
  searched: string[];
  extension: { requests: number; wallMs: number };
  perKeystroke: { requests: number; wallMs: number };
  pauseMs: number;
}

async function searchRequests(fake: FakeSpotifyProcess): Promise<number> {
  return (await fake.log()).filter((entry) => entry.path === '/v1/search').length;
}

export async function benchSearch(fake: FakeSpotifyProcess, client: SpotifyClient): Promise<SearchBenchResult> {
  const api = new LibraryApi(client, () => ({ market: 'from_token' }));
  const typing = typingSession();
  const searched = searchedValues(typing, TYPING_PAUSE_MS);

  await fake.clearLog();
  const catalog = new CatalogSearch(api);
  let started = performance.now();
  for (const value of searched) await catalog.first(parseSearchQuery(value));
  const extension = { requests: await searchRequests(fake), wallMs: Math.round(performance.now() - started) };

  await fake.clearLog();
  started = performance.now();
  for (const { value } of typing) if (value.trim()) await api.search(value.trim(), SEARCH_KINDS, 0, SEARCH_PAGE_SIZE);
  const perKeystroke = { requests: await searchRequests(fake), wallMs: Math.round(performance.now() - started) };
  return { keystrokes: typing.length, searched, extension, perKeystroke, pauseMs: TYPING_PAUSE_MS };
}

export function printSearch(result: SearchBenchResult): void {
  console.log(`\nSearch Spotify: one typing session of ${result.keystrokes} keystrokes (pauses included), ${result.pauseMs} ms typing pause:`);
  console.log(`  this extension      ${String(result.extension.requests).padStart(3)} requests (${result.searched.map((value) => `"${value}"`).join(', ')}; a query typed again from the session's cache)  ${result.extension.wallMs} ms`);
  console.log(`  search per keystroke ${String(result.perKeystroke.requests).padStart(2)} requests  ${result.perKeystroke.wallMs} ms`);
}
