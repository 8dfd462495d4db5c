import * as assert from 'node:assert/strict';
import { commonSubsequence, mergePlaylists } from '../../src/library/playlistMerge';

const uri = (n: number) => `spotify:track:t${n}`;
const playlist = (length: number) => Array.from({ length }, (_, index) => uri(index));

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

/** The length of a longest common subsequence, by the textbook table (the reference for Myers). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const next = [0];
    b.forEach((y, j) => next.push(x === y ? row[j] + 1 : Math.max(row[j + 1], next[j])));
    row = next;
  }
  return row[b.length];
}

describe('matching two playlists (Myers)', () => {
  it('finds a longest common subsequence, in order, on 300 random pairs with duplicates', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = prng(seed);
      const pool = 2 + Math.floor(random() * 8);
      const list = () => Array.from({ length: Math.floor(random() * 30) }, () => `p${Math.floor(random() * pool)}`);
      const [a, b] = [list(), list()];
      const pairs = commonSubsequence(a, b);
      assert.equal(pairs.length, lcsLength(a, b), `seed ${seed}`);
      pairs.forEach(([i, j], k) => {
        assert.equal(a[i], b[j], `seed ${seed}`);
        if (k > 0) assert.ok(i > pairs[k - 1][0] && j > pairs[k - 1][1], `seed ${seed}: out of order`);
      });
    }
  });
});

describe('merging a playlist three ways', () => {
  const base = ['a', 'b', 'c', 'd', 'e'];

  it('takes the side that changed; unchanged sides give the other exactly', () => {
    assert.deepEqual(mergePlaylists(base, base, ['a', 'c', 'x', 'd', 'e']), { merged: ['a', 'c', 'x', 'd', 'e'], conflicts: [] });
    assert.deepEqual(mergePlaylists(base, ['e', 'a', 'b', 'd'], base), { merged: ['e', 'a', 'b', 'd'], conflicts: [] });
  });

  it('merges changes to different parts of the list', () => {
    const merged = mergePlaylists(base, ['x', 'a', 'b', 'c', 'd', 'e'], ['a', 'b', 'c', 'e']);
    assert.deepEqual(merged, { merged: ['x', 'a', 'b', 'c', 'e'], conflicts: [] });
  });

  it('takes a change both sides made once', () => {
    assert.deepEqual(mergePlaylists(base, ['a', 'y', 'c', 'd', 'e'], ['a', 'y', 'c', 'd', 'e', 'z']), { merged: ['a', 'y', 'c', 'd', 'e', 'z'], conflicts: [] });
  });

  it('reports a chunk changed differently on both sides, and keeps mine in it', () => {
    const { merged, conflicts } = mergePlaylists(base, ['a', 'x', 'c', 'd', 'e', 'q'], ['a', 'y', 'c', 'd']);
    assert.deepEqual(merged, ['a', 'y', 'c', 'd'], "mine's version of both conflicting chunks");
    assert.deepEqual(conflicts[0], { base: { start: 1, uris: ['b'] }, theirs: { start: 1, uris: ['x'] }, mine: { start: 1, uris: ['y'] }, mergedStart: 1 });
    assert.equal(conflicts.length, 2);
    assert.deepEqual(conflicts[1], { base: { start: 4, uris: ['e'] }, theirs: { start: 4, uris: ['e', 'q'] }, mine: { start: 4, uris: [] }, mergedStart: 4 });
  });

  it('keeps both appends at the end, theirs first, a song both added once', () => {
    assert.deepEqual(mergePlaylists(base, [...base, 'x', 's'], [...base, 's', 'y']), { merged: [...base, 'x', 's', 'y'], conflicts: [] });
  });

  it('calls two different insertions at the same place in the middle a conflict', () => {
    const { merged, conflicts } = mergePlaylists(base, ['a', 'b', 'x', 'c', 'd', 'e'], ['a', 'b', 'y', 'c', 'd', 'e']);
    assert.deepEqual(merged, ['a', 'b', 'y', 'c', 'd', 'e']);
    assert.deepEqual(conflicts, [{ base: { start: 2, uris: [] }, theirs: { start: 2, uris: ['x'] }, mine: { start: 2, uris: ['y'] }, mergedStart: 2 }]);
  });

  it('removes an entry one side removed and the other moved, either way round', () => {
    const removed = ['a', 'c', 'd', 'e'];
    const moved = ['a', 'c', 'd', 'e', 'b'];
    assert.deepEqual(mergePlaylists(base, removed, moved), { merged: removed, conflicts: [] });
    assert.deepEqual(mergePlaylists(base, moved, removed), { merged: removed, conflicts: [] });
    const long = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const gFirst = ['g', 'a', 'b', 'c', 'd', 'e', 'f', 'h'];
    assert.deepEqual(mergePlaylists(long, ['a', 'b', 'c', 'd', 'e', 'f', 'h', 'x'], gFirst), { merged: ['a', 'b', 'c', 'd', 'e', 'f', 'h', 'x'], conflicts: [] });
  });

  it('keeps an entry both sides moved once, where mine put it', () => {
    const long = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const mine = ['a', 'c', 'd', 'e', 'b', 'f', 'g', 'h'];
    assert.deepEqual(mergePlaylists(long, ['a', 'c', 'd', 'e', 'f', 'g', 'h', 'b'], mine), { merged: mine, conflicts: [] });
    assert.deepEqual(mergePlaylists(long, mine, ['a', 'c', 'd', 'e', 'f', 'g', 'h', 'b']).merged, ['a', 'c', 'd', 'e', 'f', 'g', 'h', 'b']);
  });

  it("places a conflict in the result after the copies dropped before it", () => {
    const long = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    // theirs moves h to the front and replaces d; mine removes h and replaces d otherwise.
    const { merged, conflicts } = mergePlaylists(long, ['h', 'a', 'b', 'c', 'x', 'e', 'f', 'g'], ['a', 'b', 'c', 'y', 'e', 'f', 'g']);
    assert.deepEqual(merged, ['a', 'b', 'c', 'y', 'e', 'f', 'g']);
    assert.deepEqual(conflicts, [{ base: { start: 3, uris: ['d'] }, theirs: { start: 4, uris: ['x'] }, mine: { start: 3, uris: ['y'] }, mergedStart: 3 }]);
  });

  it('merges around duplicate URIs', () => {
    const dup = ['a', 'x', 'b', 'x', 'c'];
    assert.deepEqual(mergePlaylists(dup, ['a', 'b', 'x', 'c'], [...dup, 'd']), { merged: ['a', 'b', 'x', 'c', 'd'], conflicts: [] });
    assert.deepEqual(mergePlaylists(dup, dup, ['a', 'x', 'x', 'b', 'x', 'c']), { merged: ['a', 'x', 'x', 'b', 'x', 'c'], conflicts: [] }, 'a duplicate mine added stays');
    assert.deepEqual(mergePlaylists(dup, ['x', ...dup], ['a', 'x', 'b', 'c']), { merged: ['x', 'a', 'x', 'b', 'c'], conflicts: [] });
  });

  it('merges 5,000-entry playlists with 20 edits a side, keeping every change (its time is measured in npm run bench, not here)', () => {
    const big = playlist(5000);
    const theirs = [...big];
    const mine = [...big];
    for (let k = 0; k < 20; k++) {
      theirs.splice(100 + k * 240, 1, `spotify:track:theirs${k}`);
      mine.splice(220 + k * 240, 1);
      mine.splice(230 + k * 240, 0, `spotify:track:mine${k}`);
    }
    const { merged, conflicts } = mergePlaylists(big, theirs, mine);
    assert.equal(conflicts.length, 0);
    assert.equal(merged.length, 5000);
    for (let k = 0; k < 20; k++) {
      assert.ok(merged.includes(`spotify:track:theirs${k}`) && merged.includes(`spotify:track:mine${k}`) && !merged.includes(uri(100 + k * 240)));
    }
  });
});
