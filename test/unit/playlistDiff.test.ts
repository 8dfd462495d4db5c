import * as assert from 'node:assert/strict';
import { applyPlaylistCall, planPlaylistSave, type PlaylistCall } from '../../src/library/playlistDiff';

const uri = (n: number) => `spotify:track:t${n}`;
const playlist = (length: number) => Array.from({ length }, (_, index) => uri(index));

function applyAll(list: readonly string[], calls: readonly PlaylistCall[]): string[] {
  return calls.reduce<string[]>((working, call) => applyPlaylistCall(working, call), [...list]);
}

/** Plans, applies the plan as Spotify would, and checks it lands exactly on the target. */
function planAndCheck(current: readonly string[], target: readonly string[]): PlaylistCall[] {
  const calls = planPlaylistSave(current, target);
  assert.deepEqual(applyAll(current, calls), target);
  for (const call of calls) if (call.kind !== 'move') assert.ok(call.uris.length >= 1 && call.uris.length <= 100, `${call.kind} of ${call.uris.length}`);
  return calls;
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

describe("Spotify's playlist writes, simulated", () => {
  it('adds at a position, removes every occurrence of a URI, moves a range before an index of the list as it was', () => {
    const list = ['a', 'b', 'a', 'c', 'd'];
    assert.deepEqual(applyPlaylistCall(list, { kind: 'add', uris: ['x', 'y'], position: 1 }), ['a', 'x', 'y', 'b', 'a', 'c', 'd']);
    assert.deepEqual(applyPlaylistCall(list, { kind: 'remove', uris: ['a'] }), ['b', 'c', 'd']);
    assert.deepEqual(applyPlaylistCall(list, { kind: 'move', rangeStart: 0, insertBefore: 5, rangeLength: 2 }), ['a', 'c', 'd', 'a', 'b']);
    assert.deepEqual(applyPlaylistCall(list, { kind: 'move', rangeStart: 3, insertBefore: 0, rangeLength: 2 }), ['c', 'd', 'a', 'b', 'a']);
    assert.deepEqual(list, ['a', 'b', 'a', 'c', 'd'], 'the list given is not changed');
  });

  it('refuses what Spotify refuses: more than 100 URIs, positions and ranges outside the list', () => {
    assert.throws(() => applyPlaylistCall(['a'], { kind: 'add', uris: playlist(101), position: 0 }), RangeError);
    assert.throws(() => applyPlaylistCall(['a'], { kind: 'remove', uris: playlist(101) }), RangeError);
    assert.throws(() => applyPlaylistCall(['a'], { kind: 'add', uris: ['x'], position: 2 }), RangeError);
    assert.throws(() => applyPlaylistCall(['a', 'b'], { kind: 'move', rangeStart: 1, insertBefore: 0, rangeLength: 2 }), RangeError);
    assert.throws(() => applyPlaylistCall(['a', 'b', 'c'], { kind: 'move', rangeStart: 0, insertBefore: 1, rangeLength: 2 }), RangeError);
  });
});

describe('planning a playlist save', () => {
  const big = playlist(5000);

  it('sends nothing for an unchanged playlist', () => {
    assert.deepEqual(planAndCheck(big, [...big]), []);
    assert.deepEqual(planAndCheck([], []), []);
  });

  it('moves one entry with one call, either way', () => {
    const later = [...big];
    later.splice(4000, 0, ...later.splice(10, 1));
    assert.equal(planAndCheck(big, later).length, 1);
    const earlier = [...big];
    earlier.splice(3, 0, ...earlier.splice(4999, 1));
    assert.deepEqual(planAndCheck(big, earlier), [{ kind: 'move', rangeStart: 4999, insertBefore: 3, rangeLength: 1 }]);
  });

  it('moves a contiguous run with one call', () => {
    const target = [...big];
    target.splice(100, 0, ...target.splice(2000, 30));
    assert.equal(planAndCheck(big, target).length, 1);
  });

  it('removes 10 scattered entries with one call', () => {
    const gone = new Set([5, 400, 401, 999, 1500, 2222, 3000, 3333, 4444, 4999].map(uri));
    assert.deepEqual(planAndCheck(big, big.filter((entry) => !gone.has(entry))), [{ kind: 'remove', uris: [...gone] }]);
  });

  it('adds 150 entries with two calls', () => {
    const target = [...big];
    target.splice(2500, 0, ...Array.from({ length: 150 }, (_, index) => `spotify:track:new${index}`));
    const calls = planAndCheck(big, target);
    assert.deepEqual(
      calls.map((call) => call.kind),
      ['add', 'add'],
    );
  });

  it('reverses a 50-entry run with fewer moves than entries', () => {
    const target = [...big];
    target.splice(1000, 50, ...target.slice(1000, 1050).reverse());
    const calls = planAndCheck(big, target);
    assert.ok(calls.every((call) => call.kind === 'move'));
    assert.ok(calls.length <= 49, `${calls.length} calls`);
  });

  it('moves runs of runs when that takes fewer calls than moving each entry off the longest increasing run', () => {
    // abcdef -> efbadc: 4 moves off the longest increasing run (b, d: 2 stay), 2 block moves.
    assert.equal(planAndCheck(['a', 'b', 'c', 'd', 'e', 'f'], ['e', 'f', 'b', 'a', 'd', 'c']).length, 2);
    const runs = Array.from({ length: 6 }, (_, index) => big.slice(index * 800, (index + 1) * 800));
    const [a, b, c, d, e, f] = runs;
    const target = [...e, ...f, ...b, ...a, ...d, ...c, ...big.slice(4800)];
    const calls = planAndCheck(big, target);
    assert.ok(calls.every((call) => call.kind === 'move'));
    assert.equal(calls.length, 2);
  });

  it('reorders without deleting: a reversed run keeps every entry (and its added_at)', () => {
    const target = [...big];
    target.splice(1000, 50, ...target.slice(1000, 1050).reverse());
    assert.ok(planAndCheck(big, target).every((call) => call.kind === 'move'));
  });

  it('keeps the twin of a removed duplicate: removes the URI, then adds one copy back where it stands', () => {
    const calls = planAndCheck(['a', 'b', 'a', 'c'], ['a', 'b', 'c']);
    assert.deepEqual(calls, [
      { kind: 'remove', uris: ['a'] },
      { kind: 'add', uris: ['a'], position: 0 },
    ]);
    assert.deepEqual(planAndCheck(['a', 'b', 'a', 'c'], ['b', 'c', 'a']).length, 2);
  });

  it('adds the replacements before it removes anything', () => {
    const calls = planAndCheck(['a', 'b', 'c'], ['a', 'x', 'c']);
    assert.deepEqual(calls, [
      { kind: 'add', uris: ['x'], position: 1 },
      { kind: 'remove', uris: ['b'] },
    ]);
  });

  it('lands on the target for 300 random edits of lists with duplicates, removing only after the new entries are in', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = prng(seed);
      const pick = (n: number) => Math.floor(random() * n);
      const pool = Array.from({ length: 3 + pick(15) }, (_, index) => `spotify:track:p${index}`);
      const current = Array.from({ length: pick(60) }, () => pool[pick(pool.length)]);
      const target = [...current];
      for (let edit = pick(8); edit > 0; edit--) {
        const at = pick(target.length + 1);
        switch (pick(6)) {
          case 0: target.splice(at, 1 + pick(3)); break;
          case 1: target.splice(at, 0, ...Array.from({ length: 1 + pick(4) }, () => (random() < 0.5 ? pool[pick(pool.length)] : `spotify:track:n${seed}x${pick(1000)}`))); break;
          case 2: target.splice(pick(target.length + 1), 0, ...target.splice(at, 1 + pick(5))); break;
          case 3: if (target.length) target.splice(at, 0, target[pick(target.length)]); break;
          case 4: target.splice(at, 8, ...target.slice(at, at + 8).reverse()); break;
          default: target.sort(() => random() - 0.5);
        }
      }
      const calls = planPlaylistSave(current, target);
      assert.deepEqual(applyAll(current, calls), target, `seed ${seed}`);
      assert.equal(calls.length === 0, current.join() === target.join(), `seed ${seed}: no calls exactly when unchanged`);
      const removed = new Set(calls.flatMap((call) => (call.kind === 'remove' ? call.uris : [])));
      const firstRemove = calls.findIndex((call) => call.kind === 'remove');
      calls.forEach((call, index) => {
        if (call.kind === 'add' && !call.uris.some((entry) => removed.has(entry))) assert.ok(firstRemove === -1 || index < firstRemove, `seed ${seed}: an add after a removal`);
        if (call.kind !== 'move') assert.ok(call.uris.length <= 100);
      });
    }
  });
});
