import * as assert from 'node:assert/strict';
import { ForbiddenError, MissingScopeError, ServerError } from '../../src/api/errors';
import { Emitter } from '../../src/common/emitter';
import { silentLogger } from '../../src/common/logger';
import { RECENTLY_PLAYED_SCOPE, scopesForSections, shownSections, shownViewSections } from '../../src/common/sections';
import type { RecentlyPlayed, RecentPlay } from '../../src/player/playerApi';
import { mergeRecentPlays, newestPlayedAt, trackOfPlay } from '../../src/player/recentPlays';
import { type HistoryAccess, RecentlyPlayedHistory } from '../../src/player/recentlyPlayedHistory';
import { formatPlayedAgo } from '../../src/views/format';

const T0 = Date.UTC(2026, 8, 1, 12, 0, 0);

function play(n: number, minutesAfterT0 = n): RecentPlay {
  return { uri: `spotify:track:t${n}`, kind: 'track', name: `Song ${n}`, byline: 'Artist', durationMs: 200_000, playedAt: T0 + minutesAfterT0 * 60_000 };
}

/** Newest first, as Spotify answers. */
const newestFirst = (plays: RecentPlay[]) => [...plays].sort((a, b) => b.playedAt - a.playedAt);

/** The endpoint as the fake serves it: the last 50 plays, `after` = only newer ones (the oldest `limit` of them). */
class FakeHistoryServer {
  plays: RecentPlay[] = [];
  requests: Array<{ after?: number; limit: number }> = [];
  failWith: Error | undefined;
  async recentlyPlayed(request: { after?: number; limit: number }): Promise<RecentlyPlayed> {
    this.requests.push({ ...request });
    if (this.failWith) throw this.failWith;
    const all = newestFirst(this.plays).slice(0, 50);
    if (request.after === undefined) return { plays: all.slice(0, request.limit) };
    const newer = all.filter((p) => p.playedAt > request.after!);
    return { plays: newer.slice(Math.max(0, newer.length - request.limit)) };
  }
}

function access(scopes: string[] = [RECENTLY_PLAYED_SCOPE], accountId = 'me'): HistoryAccess & { scopes: string[]; accountId: string | undefined; changed: Emitter<void> } {
  const changed = new Emitter<void>();
  const state = {
    scopes,
    accountId: accountId as string | undefined,
    changed,
    get currentAccountId() {
      return state.accountId;
    },
    missingScopes: (wanted: readonly string[]) => wanted.filter((scope) => !state.scopes.includes(scope)),
    onDidChangeAccess: changed.event,
  };
  return state;
}

describe('Recently Played: merging by the after cursor', () => {
  it('puts the plays after the newest on top, each once, newest first', () => {
    const known = newestFirst([play(1), play(2), play(3)]);
    const merged = mergeRecentPlays(known, newestFirst([play(4), play(5), play(3)]));
    assert.deepEqual(merged.plays.map((p) => p.name), ['Song 5', 'Song 4', 'Song 3', 'Song 2', 'Song 1']);
    assert.equal(merged.gap, false);
  });

  it('keeps the same song played twice as two plays', () => {
    const again = { ...play(1), playedAt: play(9).playedAt };
    const merged = mergeRecentPlays([play(1)], [again]);
    assert.equal(merged.plays.length, 2);
  });

  it('keeps at most 50: the oldest go', () => {
    const known = newestFirst(Array.from({ length: 50 }, (_, i) => play(i)));
    const merged = mergeRecentPlays(known, newestFirst([play(100), play(101)]));
    assert.equal(merged.plays.length, 50);
    assert.equal(merged.plays[0].name, 'Song 101');
    assert.equal(merged.plays.at(-1)?.name, 'Song 2');
  });

  it('says when a full page may have left newer plays out (a gap), not on the first read', () => {
    const page = newestFirst(Array.from({ length: 50 }, (_, i) => play(100 + i)));
    assert.equal(mergeRecentPlays([play(1)], page).gap, true);
    assert.equal(mergeRecentPlays([], page).gap, false);
  });

  it('the cursor is the newest played_at; none when nothing is known', () => {
    assert.equal(newestPlayedAt([play(1), play(7), play(3)]), play(7).playedAt);
    assert.equal(newestPlayedAt([]), undefined);
  });

  it('a play becomes a song record (id from the uri); a local file keeps its uri', () => {
    assert.deepEqual(trackOfPlay({ ...play(1), album: 'Album' }), { kind: 'track', id: 't1', name: 'Song 1', byline: 'Artist', album: 'Album', durationMs: 200_000 });
    const local = trackOfPlay({ uri: 'spotify:local:a:b:c:180', kind: 'local', name: 'c', byline: 'a', playedAt: T0 });
    assert.equal(local.id, undefined);
    assert.equal(local.uriOverride, 'spotify:local:a:b:c:180');
  });
});

describe('Recently Played: when it was played, in words', () => {
  it('says now, minutes, hours, days, and the date a week on, in the locale', () => {
    assert.equal(formatPlayedAgo(T0, T0 + 20_000, 'en'), 'now');
    assert.equal(formatPlayedAgo(T0, T0 + 12 * 60_000, 'en'), '12 min. ago');
    assert.equal(formatPlayedAgo(T0, T0 + 3 * 3_600_000 + 5, 'en'), '3 hr. ago');
    assert.equal(formatPlayedAgo(T0, T0 + 12 * 60_000, 'de'), 'vor 12 Min.');
    assert.equal(formatPlayedAgo(T0, T0 + 20_000, 'de'), 'jetzt');
    assert.match(formatPlayedAgo(T0, T0 + 4 * 86_400_000, 'en'), /^(4|5) days ago$/);
    assert.match(formatPlayedAgo(T0, T0 + 30 * 86_400_000, 'en'), /2026/);
  });

  it('a clock a little behind Spotify still says now', () => {
    assert.equal(formatPlayedAgo(T0 + 5_000, T0, 'en'), 'now');
  });
});

describe('Recently Played: the history', () => {
  it('first ask: the last 50, no cursor; then only after the newest: unchanged costs one small request', async () => {
    const server = new FakeHistoryServer();
    server.plays = [play(1), play(2), play(3)];
    const history = new RecentlyPlayedHistory(server, access(), silentLogger);
    await history.ask();
    assert.deepEqual(server.requests, [{ after: undefined, limit: 50 }]);
    assert.deepEqual(history.rows.map((row) => row.track.name), ['Song 3', 'Song 2', 'Song 1']);
    const rows = history.rows;
    await history.ask();
    assert.deepEqual(server.requests[1], { after: play(3).playedAt, limit: 50 });
    assert.equal(server.requests.length, 2);
    assert.equal(history.rows, rows, 'unchanged: the same rows');
  });

  it('a new play comes on top with one request', async () => {
    const server = new FakeHistoryServer();
    server.plays = [play(1), play(2)];
    const history = new RecentlyPlayedHistory(server, access(), silentLogger);
    await history.ask();
    server.plays.push(play(5));
    await history.ask();
    assert.equal(server.requests.length, 2);
    assert.equal(history.rows[0].track.name, 'Song 5');
    assert.equal(history.rows.length, 3);
  });

  it('more than a page of new plays: the newest 50 replace the rest (one more request)', async () => {
    const server = new FakeHistoryServer();
    server.plays = [play(1)];
    const history = new RecentlyPlayedHistory(server, access(), silentLogger);
    await history.ask();
    server.plays.push(...Array.from({ length: 60 }, (_, i) => play(100 + i)));
    await history.ask();
    assert.equal(server.requests.length, 3);
    assert.equal(server.requests[2].after, undefined);
    assert.equal(history.rows.length, 50);
    assert.equal(history.rows[0].track.name, 'Song 159');
  });

  it('without the scope: no request, the missing permission as its error', async () => {
    const server = new FakeHistoryServer();
    const session = access([]);
    const history = new RecentlyPlayedHistory(server, session, silentLogger);
    await history.ask();
    assert.equal(server.requests.length, 0);
    assert.ok(history.error instanceof MissingScopeError);
    assert.deepEqual(history.error.scopes, [RECENTLY_PLAYED_SCOPE]);
    // Granted: the message goes; the view asks again when shown.
    session.scopes = [RECENTLY_PLAYED_SCOPE];
    session.changed.fire();
    assert.equal(history.error, undefined);
    assert.equal(server.requests.length, 0);
  });

  it("Spotify's 403 for a scope it does not see is a missing permission; other failures keep the plays", async () => {
    const server = new FakeHistoryServer();
    server.plays = [play(1)];
    const history = new RecentlyPlayedHistory(server, access(), silentLogger);
    server.failWith = new ForbiddenError('insufficientScope', 'Insufficient client scope');
    await history.ask();
    assert.ok(history.error instanceof MissingScopeError);
    server.failWith = undefined;
    await history.ask();
    server.failWith = new ServerError(503, 'down');
    await history.ask();
    assert.ok(history.error instanceof ServerError);
    assert.equal(history.rows.length, 1);
  });

  it('one ask at a time; another account starts empty', async () => {
    const server = new FakeHistoryServer();
    server.plays = [play(1)];
    const session = access();
    const history = new RecentlyPlayedHistory(server, session, silentLogger);
    await Promise.all([history.ask(), history.ask()]);
    assert.equal(server.requests.length, 1);
    session.accountId = 'other';
    session.changed.fire();
    assert.equal(history.rows.length, 0);
    assert.equal(history.isLoaded, false);
    await history.ask();
    assert.equal(server.requests[1].after, undefined, 'a new account asks for all 50');
  });
});

describe('Recently Played in the sections setting', () => {
  it('is off by default and never a library section', () => {
    assert.ok(!shownViewSections(undefined).includes('recentlyPlayed'));
    assert.deepEqual(shownViewSections(['liked', 'recentlyPlayed', 'recentlyPlayed']), ['liked', 'recentlyPlayed']);
    assert.deepEqual(shownSections(['liked', 'recentlyPlayed']), ['liked']);
  });

  it('asks for its scope when shown', () => {
    assert.ok(scopesForSections(['liked', 'recentlyPlayed']).includes(RECENTLY_PLAYED_SCOPE));
    assert.ok(!scopesForSections(['liked']).includes(RECENTLY_PLAYED_SCOPE));
  });
});
