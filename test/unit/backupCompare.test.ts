import * as assert from 'node:assert/strict';
import { compareLibraries, compareLists } from '../../src/library/backupCompare';
import type { BackupIndex, BackupIndexList } from '../../src/library/backupFormats';

describe('compare a list with its backup', () => {
  it('finds nothing when nothing changed', () => {
    assert.deepEqual(compareLists(['a', 'b', 'a'], ['a', 'b', 'a']), { added: [], removed: [], moved: [] });
  });

  it('tells additions, removals and moves apart', () => {
    assert.deepEqual(compareLists(['a', 'b', 'c', 'd'], ['d', 'a', 'c', 'x']), {
      added: [{ uri: 'x', index: 3 }],
      removed: [{ uri: 'b', index: 1 }],
      moved: [{ uri: 'd', from: 3, to: 0 }],
    });
  });

  it('counts duplicates copy by copy', () => {
    assert.deepEqual(compareLists(['a', 'a', 'b'], ['b', 'a']), { added: [], removed: [{ uri: 'a', index: 0 }], moved: [{ uri: 'b', from: 2, to: 0 }] });
    assert.deepEqual(compareLists(['a', 'b', 'a'], []).removed, [{ uri: 'a', index: 0 }, { uri: 'b', index: 1 }, { uri: 'a', index: 2 }], 'in the backup\'s order');
    assert.deepEqual(compareLists([], ['a', 'a']), { added: [{ uri: 'a', index: 0 }, { uri: 'a', index: 1 }], removed: [], moved: [] });
  });
});

describe('compare a library with its backup', () => {
  const list = (id: string, name: string, count: number, snapshotId?: string): BackupIndexList => ({ file: `playlist-${id}.spotify-playlist`, kind: 'playlist', id, name, snapshotId, count });
  const liked: BackupIndexList = { file: 'liked-songs.spotify-playlist', kind: 'liked', name: 'Liked Songs', count: 3 };
  const index = (lists: BackupIndexList[]): BackupIndex => ({ format: 1, account: { id: 'me', name: 'Me' }, backedUpAt: '', lists });

  it('finds playlists gone, emptied, renamed, changed and new, and songs unliked since', () => {
    const backup = index([liked, list('p1', 'Gone', 2, 's1'), list('p2', 'Full', 5, 's2'), list('p3', 'Old Name', 1, 's3'), list('p4', 'Edited', 4, 's4'), list('p5', 'Same', 3, 's5')]);
    const now = index([{ ...liked, count: 1 }, list('p6', 'Fresh', 2, 's6'), list('p2', 'Full', 0, 's2b'), list('p3', 'New Name', 1, 's3'), list('p4', 'Edited', 4, 's4b'), list('p5', 'Same', 3, 's5')]);
    const comparison = compareLibraries(backup, now, { backup: ['x', 'y', 'z'], now: ['y', 'w'] });
    assert.deepEqual(comparison.gone.map((gone) => gone.name), ['Gone']);
    assert.deepEqual(comparison.emptied.map((emptied) => [emptied.id, emptied.count]), [['p2', 5]], 'named with the count the backup had');
    assert.deepEqual(comparison.renamed, [{ id: 'p3', from: 'Old Name', to: 'New Name' }]);
    assert.deepEqual(comparison.changed.map((changed) => changed.id), ['p2', 'p4']);
    assert.deepEqual(comparison.added.map((added) => added.name), ['Fresh']);
    assert.deepEqual(comparison.unliked, ['x', 'z']);
  });

  it('calls a playlist changed by its count when a snapshot id is missing', () => {
    const comparison = compareLibraries(index([list('p', 'P', 2)]), index([list('p', 'P', 3, 's')]));
    assert.deepEqual(comparison.changed.map((changed) => changed.id), ['p']);
    assert.deepEqual(compareLibraries(index([list('p', 'P', 2)]), index([list('p', 'P', 2, 's')])).changed, []);
  });
});
