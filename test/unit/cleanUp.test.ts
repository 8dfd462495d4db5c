import * as assert from 'node:assert/strict';
import { difference, entryUris, findDuplicates, findUnplayable, inSeveralPlaylists, intersection, likedInNoPlaylist, union, withoutEntries, type DuplicateGroup } from '../../src/library/cleanUp';
import { applyPlaylistCall, planPlaylistSave, type PlaylistCall } from '../../src/library/playlistDiff';
import type { PlaylistRecord, TrackRecord } from '../../src/library/records';

function track(id: string, more: Partial<TrackRecord> = {}): TrackRecord {
  return { kind: 'track', id, name: `Song ${id}`, byline: `Artist ${id}`, durationMs: 200_000, ...more };
}
const removed: TrackRecord = { kind: 'removed', name: 'Removed from Spotify', byline: '' };
const local = (uri: string): TrackRecord => ({ kind: 'local', name: 'Demo', byline: 'Me', durationMs: 200_000, uriOverride: uri });
const playlist = (id: string): PlaylistRecord => ({ id, name: id, ownerName: 'me', collaborative: false });

function applyAll(list: readonly string[], calls: readonly PlaylistCall[]): string[] {
  return calls.reduce<string[]>((working, call) => applyPlaylistCall(working, call), [...list]);
}

/** Small deterministic PRNG (mulberry32), so a failing case can be replayed by its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Clean Up: duplicates within a list', () => {
  it('finds the same URI again, keeping the first copy', () => {
    const entries = [track('a'), track('b'), track('a'), track('c'), track('a')];
    assert.deepEqual(findDuplicates(entries), [{ kept: 0, extras: [{ index: 2, reason: 'sameUri' }, { index: 4, reason: 'sameUri' }] }]);
    assert.deepEqual(findDuplicates([track('a'), track('b')]), []);
  });

  it('finds the same recording under another URI by its ISRC (a single and its album)', () => {
    const single = track('single', { isrc: 'GBAYE0601498', name: 'Song', byline: 'X', durationMs: 180_000 });
    const album = track('album', { isrc: 'GBAYE0601498', name: 'Song (Album Version)', byline: 'X', durationMs: 240_000 });
    assert.deepEqual(findDuplicates([single, track('other'), album]), [{ kept: 0, extras: [{ index: 2, reason: 'sameIsrc' }] }]);
    assert.deepEqual(findDuplicates([single, track('album', { isrc: 'gbaye-06-01498' })]), [{ kept: 0, extras: [{ index: 1, reason: 'sameIsrc' }] }], 'written in small letters, with hyphens');
    assert.deepEqual(findDuplicates([single, track('album', { isrc: 'GBAYE0601499', name: 'Other' })]), [], 'another ISRC');
  });

  it('finds the same song: title and artists case- and accent-insensitively, trimmed, durations at most 2 s apart', () => {
    const first = track('a', { name: 'Café del Mar', byline: 'Energy 52', durationMs: 300_000 });
    const same = track('b', { name: '  CAFE DEL MAR ', byline: 'énergy 52', durationMs: 302_000 });
    assert.deepEqual(findDuplicates([first, same]), [{ kept: 0, extras: [{ index: 1, reason: 'sameSong' }] }]);
    assert.deepEqual(findDuplicates([first, { ...same, durationMs: 297_999 }]), [], '2.001 s apart');
    assert.deepEqual(findDuplicates([first, { ...same, durationMs: undefined }]), [], 'no duration');
  });

  it('keeps it strict: a "- Remastered" title, other artists or another order of them is another song', () => {
    const song = track('a', { name: 'Here Comes the Sun', byline: 'The Beatles' });
    for (const other of [
      track('b', { name: 'Here Comes the Sun - Remastered 2009', byline: 'The Beatles' }),
      track('b', { name: 'Here Comes the Sun', byline: 'Richie Havens' }),
      track('b', { name: 'Here  Comes the Sun', byline: 'The Beatles' }),
    ]) {
      assert.deepEqual(findDuplicates([song, other]), [], other.name);
    }
    assert.deepEqual(findDuplicates([track('a', { byline: 'A, B' }), track('b', { name: 'Song a', byline: 'B, A' })]), []);
  });

  it('never groups removed entries; local files only by URI, episodes not as a song', () => {
    assert.deepEqual(findDuplicates([removed, removed, { ...removed, addedAt: 'x' }]), []);
    assert.deepEqual(findDuplicates([local('spotify:local:Me:Tape:Demo:200'), local('spotify:local:Me:Tape:Demo:200')]), [{ kept: 0, extras: [{ index: 1, reason: 'sameUri' }] }]);
    assert.deepEqual(findDuplicates([local('spotify:local:Me:Tape:Demo:200'), local('spotify:local:Me:Tape2:Demo:200')]), [], 'two local files with the same tags');
    assert.deepEqual(findDuplicates([track('a', { name: 'Demo', byline: 'Me' }), local('spotify:local:Me:Tape:Demo:200')]), [], 'a local copy of a track');
    const episode = (id: string): TrackRecord => ({ kind: 'episode', id, name: 'Ep 1', byline: 'Show', durationMs: 1000 });
    assert.deepEqual(findDuplicates([episode('e1'), episode('e2')]), []);
    assert.deepEqual(findDuplicates([episode('e1'), episode('e1')]), [{ kept: 0, extras: [{ index: 1, reason: 'sameUri' }] }]);
  });

  it('matches each extra to the kept entry itself: durations do not chain, the strongest reason wins', () => {
    const at = (id: string, seconds: number) => track(id, { name: 'Song', byline: 'X', durationMs: seconds * 1000 });
    // 201.9 s is within 2 s of 200 s, 203.8 s only of 201.9 s: it is another song.
    assert.deepEqual(findDuplicates([at('a', 200), at('b', 201.9), at('c', 203.8)]), [{ kept: 0, extras: [{ index: 1, reason: 'sameSong' }] }]);
    // The same URI as an extra is in the extra's group, whatever else it matches.
    const isrcTwin = track('b', { isrc: 'X1' });
    assert.deepEqual(findDuplicates([track('a', { isrc: 'X1' }), isrcTwin, isrcTwin]), [{ kept: 0, extras: [{ index: 1, reason: 'sameIsrc' }, { index: 2, reason: 'sameIsrc' }] }]);
    // Even when its copy's record says less (a page cached before records kept ISRCs).
    assert.deepEqual(findDuplicates([track('a', { isrc: 'X1' }), isrcTwin, track('b')]), [{ kept: 0, extras: [{ index: 1, reason: 'sameIsrc' }, { index: 2, reason: 'sameIsrc' }] }]);
    // An ISRC match is taken over a same-song match with an earlier kept entry.
    const groups = findDuplicates([at('a', 200), track('b', { isrc: 'X2' }), { ...at('c', 200), isrc: 'X2' }]);
    assert.deepEqual(groups, [{ kept: 1, extras: [{ index: 2, reason: 'sameIsrc' }] }]);
  });

  it('leaves nothing to find once the extras are removed (2,000 random lists)', () => {
    const random = prng(20260401);
    for (let run = 0; run < 2000; run++) {
      const pick = (n: number) => Math.floor(random() * n);
      // A small catalog, so that titles, artists, durations and ISRCs collide often; one URI is one track.
      const catalog = Array.from({ length: 6 }, (_, id) =>
        track(`t${id}`, { name: ['Song', 'song ', 'Sóng', 'Other'][pick(4)], byline: ['X', 'x', 'Y'][pick(3)], durationMs: 200_000 + pick(6) * 900, ...(random() < 0.5 ? { isrc: `I${pick(3)}` } : {}) }),
      );
      const entries = Array.from({ length: 1 + pick(12) }, (): TrackRecord => {
        if (random() < 0.05) return removed;
        if (random() < 0.05) return local(`spotify:local:${pick(2)}`);
        return catalog[pick(catalog.length)];
      });
      const groups = findDuplicates(entries);
      const extras = groups.flatMap((group) => group.extras.map((extra) => extra.index));
      assert.equal(new Set(extras).size, extras.length, 'an entry is in one group');
      for (const group of groups) assertExtrasMatchKept(entries, group);
      const rest = entries.filter((_, index) => !extras.includes(index));
      assert.deepEqual(findDuplicates(rest), [], JSON.stringify(entries));
    }
  });
});

/** Each extra duplicates its group's kept entry directly, for the reason it gives. */
function assertExtrasMatchKept(entries: readonly TrackRecord[], group: DuplicateGroup): void {
  const kept = entries[group.kept];
  for (const { index, reason } of group.extras) {
    assert.ok(index > group.kept);
    const extra = entries[index];
    const loose = (text: string) => text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').trim();
    if (reason === 'sameUri') assert.equal(extra.id ?? extra.uriOverride, kept.id ?? kept.uriOverride);
    if (reason === 'sameIsrc') assert.equal(extra.isrc, kept.isrc);
    if (reason === 'sameSong') {
      assert.equal(loose(extra.name), loose(kept.name));
      assert.equal(loose(extra.byline), loose(kept.byline));
      assert.ok(Math.abs(extra.durationMs! - kept.durationMs!) <= 2000);
    }
  }
}

describe('Clean Up: the save target', () => {
  it('removing one copy of a same-URI duplicate keeps its twin: the plan removes the URI and adds one back, and lands on the target', () => {
    const entries = [track('a'), track('b'), track('a'), track('c')];
    const [group] = findDuplicates(entries);
    const current = entryUris(entries);
    const target = withoutEntries(entries, group.extras.map((extra) => extra.index));
    assert.deepEqual(target, ['spotify:track:a', 'spotify:track:b', 'spotify:track:c']);
    const calls = planPlaylistSave(current, target);
    assert.deepEqual(calls, [
      { kind: 'remove', uris: ['spotify:track:a'] },
      { kind: 'add', uris: ['spotify:track:a'], position: 0 },
    ]);
    assert.deepEqual(applyAll(current, calls), target);
  });

  it('keeps entries without a URI where they are and never sends them', () => {
    const entries = [track('a'), track('b'), removed, track('a'), removed, track('c')];
    const current = entryUris(entries);
    assert.deepEqual(planPlaylistSave(current, withoutEntries(entries, [1])), [{ kind: 'remove', uris: ['spotify:track:b'] }]);
    for (const dropped of [[0], [0, 1], [3, 5], [1, 3]]) {
      const target = withoutEntries(entries, dropped);
      const calls = planPlaylistSave(current, target);
      assert.deepEqual(applyAll(current, calls), target);
      for (const call of calls) if (call.kind !== 'move') assert.ok(call.uris.every((uri) => uri.startsWith('spotify:track:')), `${dropped.join()}: ${JSON.stringify(call)}`);
    }
  });

  it('refuses an entry a save cannot remove (no URI) and an index outside the list', () => {
    const entries = [track('a'), removed];
    assert.throws(() => withoutEntries(entries, [1]), RangeError);
    assert.throws(() => withoutEntries(entries, [2]), RangeError);
    assert.throws(() => withoutEntries(entries, [-1]), RangeError);
    assert.deepEqual(withoutEntries(entries, []), entryUris(entries));
  });
});

describe('Clean Up: unplayable entries', () => {
  it('lists removed entries and the ones Spotify says cannot play, with the restriction when given', () => {
    const entries = [track('a'), removed, track('b', { playable: false, restriction: 'market' }), track('c', { playable: true }), track('d', { playable: false })];
    assert.deepEqual(findUnplayable(entries), [
      { index: 1, why: 'removed' },
      { index: 2, why: 'unplayable', restriction: 'market' },
      { index: 4, why: 'unplayable' },
    ]);
    assert.ok(!('restriction' in findUnplayable([track('d', { playable: false })])[0]), 'no restriction key when none');
  });
});

describe('Clean Up: across playlists', () => {
  const one = playlist('one');
  const two = playlist('two');
  const three = playlist('three');

  it('finds liked songs no playlist holds, in Liked Songs\' order', () => {
    const liked = [track('c'), track('a'), removed, track('b'), track('d')];
    const lists = [
      { playlist: one, entries: [track('a'), removed] },
      { playlist: two, entries: [track('b'), track('x')] },
    ];
    assert.deepEqual(likedInNoPlaylist(liked, lists).map((entry) => entry.id), ['c', 'd']);
    assert.deepEqual(likedInNoPlaylist(liked, []).map((entry) => entry.id), ['c', 'a', 'b', 'd']);
  });

  it('finds songs in two or more playlists, with those playlists once each', () => {
    const several = inSeveralPlaylists([
      { playlist: one, entries: [track('a'), track('b'), track('a')] },
      { playlist: two, entries: [track('c'), track('a'), removed] },
      { playlist: three, entries: [track('b'), track('a'), removed, local('spotify:local:x')] },
    ]);
    assert.deepEqual([...several].map(([uri, held]) => [uri, held.map((p) => p.id)]), [
      ['spotify:track:a', ['one', 'two', 'three']],
      ['spotify:track:b', ['one', 'three']],
    ]);
  });

  it('unites, intersects and subtracts lists of URIs, each URI once, in the order of the first list it is in', () => {
    assert.deepEqual(union(['b', 'a', 'b'], ['c', 'a'], ['d', 'c']), ['b', 'a', 'c', 'd']);
    assert.deepEqual(intersection(['c', 'a', 'b', 'a'], ['a', 'b', 'x'], ['b', 'a']), ['a', 'b']);
    assert.deepEqual(intersection(['c', 'a', 'b', 'a'], ['a', 'b', 'x'], ['b']), ['b'], 'in every list, not just two');
    assert.deepEqual(intersection(['c', 'a', 'b', 'a'], ['a', 'b', 'c']), ['c', 'a', 'b']);
    assert.deepEqual(difference(['c', 'a', 'b', 'c', 'd'], ['a'], ['d']), ['c', 'b']);
    assert.deepEqual(difference(['a'], []), ['a']);
  });
});
