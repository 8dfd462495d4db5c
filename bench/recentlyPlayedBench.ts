// Recently Played (issue 23): what an hour of it costs. The section asks only when shown (expanded
// in a visible view): once at first, then only for plays after the newest (`after`), at most once a
// minute when shown again; it has no timer, so an hour with the view hidden asks nothing. Replayed
// here over HTTP with RecentlyPlayedHistory (the extension's code): an hour with the section open
// and the sidebar shown again every 5 minutes, 3 songs played on the phone meanwhile; against a
// client polling the last 50 plays every 30 s. Requests and bytes are the fake's count. (Hidden or
// collapsed it asks nothing: that is the host test's to show, test/integration/recentlyPlayed.test.ts.)
import type { SpotifyClient } from '../src/api/spotifyClient';
import { Emitter } from '../src/common/emitter';
import { silentLogger } from '../src/common/logger';
import { PlayerApi } from '../src/player/playerApi';
import { RECENTLY_PLAYED_REASK_MS } from '../src/common/sections';
import { RecentlyPlayedHistory } from '../src/player/recentlyPlayedHistory';
import type { FakeSpotifyProcess } from './fake';

const HOUR_MS = 3_600_000;
const SHOWN_AGAIN_EVERY_MS = 5 * 60_000;
const POLL_EVERY_MS = 30_000;

export interface RecentlyPlayedBenchResult {
  open: { requests: number; bytes: number; asks: number };
  /** The phone's plays that reached the section by the hour's end (all of them, on top, or the history missed one). */
  playsShown: number;
  polling: { requests: number; bytes: number };
  newPlays: number;
}

async function stats(fake: FakeSpotifyProcess): Promise<{ requests: number; bytes: number }> {
  const s = await fake.stats();
  return { requests: s.apiRequests, bytes: s.bytesSent };
}

export async function benchRecentlyPlayed(fake: FakeSpotifyProcess, client: SpotifyClient, playUris: readonly string[]): Promise<RecentlyPlayedBenchResult> {
  const player = new PlayerApi(client);
  const access = { currentAccountId: 'fakeuser', missingScopes: () => [], onDidChangeAccess: new Emitter<void>().event };
  const history = new RecentlyPlayedHistory(player, access, silentLogger);
  // The hour in virtual time: when the section is shown again and when the phone plays a song.
  const shows = Array.from({ length: HOUR_MS / SHOWN_AGAIN_EVERY_MS }, (_, n) => n * SHOWN_AGAIN_EVERY_MS);
  const plays = playUris.slice(0, 3).map((uri, n) => ({ uri, at: 7 * 60_000 + n * 20 * 60_000 }));
  let lastAsk: number | undefined;
  let asks = 0;
  const before = await stats(fake);
  for (const at of shows) {
    for (const play of plays.filter((p) => p.at <= at && p.at > (lastAsk ?? -1))) await fake.control('POST', 'player/played', { uri: play.uri });
    if (lastAsk === undefined || at - lastAsk >= RECENTLY_PLAYED_REASK_MS) {
      await history.ask('interactive');
      lastAsk = at;
      asks++;
    }
  }
  const after = await stats(fake);
  const top = history.rows.slice(0, plays.length).map((row) => `spotify:track:${row.track.id}`);
  const playsShown = plays.filter((play) => top.includes(play.uri)).length;
  history.dispose();

  const pollBefore = await stats(fake);
  for (let at = 0; at < HOUR_MS; at += POLL_EVERY_MS) await player.recentlyPlayed({ limit: 50 });
  const pollAfter = await stats(fake);
  return {
    open: { requests: after.requests - before.requests, bytes: after.bytes - before.bytes, asks },
    polling: { requests: pollAfter.requests - pollBefore.requests, bytes: pollAfter.bytes - pollBefore.bytes },
    newPlays: plays.length,
    playsShown,
  };
}

export function printRecentlyPlayed(result: RecentlyPlayedBenchResult): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`\nRecently Played, one hour (${result.newPlays} songs played on the phone meanwhile, ${result.playsShown} of them on top at the end):`);
  console.log(`  open, shown again every 5 min   ${String(result.open.requests).padStart(3)} requests  ${kb(result.open.bytes)}  (the first 50, then after= only)`);
  console.log(`  a client polling every 30 s     ${String(result.polling.requests).padStart(3)} requests  ${kb(result.polling.bytes)}`);
}
