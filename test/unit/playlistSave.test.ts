import * as assert from 'node:assert/strict';
import { moveRows, type PlaylistVersion } from '../../src/library/playlistSave';
import type { TrackRecord } from '../../src/library/records';

const ID = (n: number) => `${String(n).padStart(2, '0')}${'a'.repeat(20)}`;
const song = (n: number): TrackRecord => ({ kind: 'track', id: ID(n), name: `Song ${n}`, byline: 'Artist' });
const uri = (n: number) => `spotify:track:${ID(n)}`;
const version = (entries: TrackRecord[]): PlaylistVersion => ({ playlistId: 'p', snapshotId: 's', entries });

describe('moveRows: a drag of rows within a playlist, as URIs to save', () => {
  it('moves the dragged rows, in list order, to just before the row dropped on', () => {
    const rows = [0, 1, 2, 3, 4, 5].map(song);
    assert.deepEqual(moveRows(version(rows), rows, [rows[4], rows[1]], rows[0]), [1, 4, 0, 2, 3, 5].map(uri));
    assert.deepEqual(moveRows(version(rows), rows, [rows[0]], undefined), [1, 2, 3, 4, 5, 0].map(uri), 'no row: to the end');
    assert.deepEqual(moveRows(version(rows), rows, [rows[2]], rows[2]), rows.map((_, n) => uri(n)), 'onto itself: nothing moves');
  });

  it('moves the copy that was dragged, not its twin, also after the list was read again', () => {
    const rows = [song(0), song(1), song(0), song(2)];
    const readAgain = rows.map((row) => ({ ...row }));
    // The second copy of song 0 dragged onto song 1: the first copy stays first.
    assert.deepEqual(moveRows(version(readAgain), rows, [rows[2]], rows[1]), [0, 0, 1, 2].map(uri));
    assert.deepEqual(moveRows(version(readAgain), rows, [rows[0]], rows[3]), [1, 0, 0, 2].map(uri));
  });
});
