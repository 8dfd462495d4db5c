import * as assert from 'node:assert/strict';
import { applyPlaylistCall, planPlaylistSave } from '../../src/library/playlistDiff';
import { restoredEntries } from '../../src/library/restorePlan';

describe('restoredEntries: what Restore from Backup puts back into a playlist that still exists', () => {
  it('puts lost entries back after the entry they followed, keeping what was added since', () => {
    assert.deepEqual(restoredEntries(['a', 'b', 'c', 'd'], ['a', 'x', 'd']), ['a', 'b', 'c', 'x', 'd']);
    assert.deepEqual(restoredEntries(['a', 'b', 'c'], ['c']), ['a', 'b', 'c'], 'lost at the start: first');
    assert.deepEqual(restoredEntries(['a', 'b'], []), ['a', 'b'], 'an emptied playlist gets everything back');
    assert.deepEqual(restoredEntries(['a', 'b'], ['b', 'a']), ['b', 'a'], 'nothing lost: nothing moves');
  });

  it('counts copies: a URI held twice in the backup and once now gets one back', () => {
    assert.deepEqual(restoredEntries(['a', 'b', 'a'], ['a', 'b']), ['a', 'b', 'a']);
    assert.deepEqual(restoredEntries(['a', 'a'], ['a', 'a', 'a']), ['a', 'a', 'a'], 'more copies now: none removed');
  });

  it('saves as adds only: nothing the playlist holds is removed or moved', () => {
    const now = ['x', 'a', 'd', 'y'];
    const target = restoredEntries(['a', 'b', 'c', 'd', 'e'], now);
    const calls = planPlaylistSave(now, target);
    assert.ok(calls.every((call) => call.kind === 'add'), JSON.stringify(calls));
    assert.deepEqual(calls.reduce<string[]>((list, call) => applyPlaylistCall(list, call), now), target);
    assert.deepEqual(target, ['x', 'a', 'b', 'c', 'd', 'e', 'y']);
  });
});
