import * as assert from 'node:assert/strict';
import type { AlbumRecord, PlaylistRecord, TrackRecord } from '../../src/library/records';
import { ListArrangement, type OrderStore, ordersFor, type SortOrder } from '../../src/views/sortAndFilter';

class MapStore implements OrderStore {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
  async update(key: string, value: unknown) {
    this.values.set(key, JSON.stringify(value));
  }
}

const track = (name: string, byline: string, album: string, addedAt: string, durationMs: number): TrackRecord => ({ kind: 'track', id: name, name, byline, album, addedAt, durationMs });
const songs = [
  track('Bravo', 'Zed', 'Mid', '2024-01-02T00:00:00Z', 300),
  track('alpha', 'Amy', 'Zulu', '2024-01-03T00:00:00Z', 200),
  track('Charlie', 'Mo', 'Alpha Album', '2024-01-01T00:00:00Z', 100),
];
const playlist = (id: string, name: string, ownerName: string): PlaylistRecord => ({ id, name, ownerName, collaborative: false });

describe('Sort By and Filter (ListArrangement)', () => {
  it('sorts each list the way it was asked, and the order survives a restart', async () => {
    const store = new MapStore();
    const first = new ListArrangement(store);
    const names = (arrangement: ListArrangement, listId: string) => arrangement.arrange(listId, songs).map((t) => t.name);
    assert.deepEqual(names(first, 'liked'), ['Bravo', 'alpha', 'Charlie'], 'custom order: as Spotify lists it');
    await first.setSort('liked', 'title');
    await first.setSort('playlist:p1', 'duration');
    const restarted = new ListArrangement(store);
    assert.deepEqual(names(restarted, 'liked'), ['alpha', 'Bravo', 'Charlie']);
    assert.deepEqual(names(restarted, 'playlist:p1'), ['Charlie', 'alpha', 'Bravo']);
    assert.equal(restarted.describe('liked'), 'sorted by title');
    assert.equal(restarted.describe('playlist:p2'), undefined);
    await restarted.setSort('liked', 'added');
    assert.deepEqual(names(restarted, 'liked'), ['alpha', 'Bravo', 'Charlie']);
    await restarted.setSort('liked', 'artist');
    assert.deepEqual(names(restarted, 'liked'), ['alpha', 'Charlie', 'Bravo']);
    await restarted.setSort('liked', 'album');
    assert.deepEqual(names(restarted, 'liked'), ['Charlie', 'Bravo', 'alpha']);
    await restarted.setSort('liked', 'custom');
    assert.deepEqual(names(new ListArrangement(store), 'liked'), ['Bravo', 'alpha', 'Charlie']);

    const lists = [playlist('1', 'Road', 'Zoe'), playlist('2', 'focus', 'Al'), playlist('3', 'Alpha', 'Zoe')];
    await restarted.setSort('playlists', 'alphabetical');
    assert.deepEqual(restarted.arrange('playlists', lists).map((p) => p.name), ['Alpha', 'focus', 'Road']);
    await restarted.setSort('playlists', 'creator');
    assert.deepEqual(restarted.arrange('playlists', lists).map((p) => p.name), ['focus', 'Alpha', 'Road']);
  });

  it('filters a list by words in any order, highlights them, and the view filter keeps playlists that hold a match', () => {
    const arrangement = new ListArrangement(new MapStore(), (id) => (id === '2' ? songs : []));
    arrangement.setFilter({ text: 'album CHAR', listId: 'liked' });
    assert.deepEqual(arrangement.arrange('liked', songs).map((t) => t.name), ['Charlie']);
    assert.deepEqual(arrangement.arrange('playlist:x', songs).length, 3, 'another list is not filtered');
    assert.deepEqual(arrangement.highlights('liked', 'Charlie'), [[0, 4]]);
    arrangement.setFilter({ text: 'zulu' });
    const lists = [playlist('1', 'Road', 'Zoe'), playlist('2', 'focus', 'Al')];
    assert.deepEqual(arrangement.arrange('playlists', lists).map((p) => p.name), ['focus']);
    arrangement.setFilter({ text: '   ' });
    assert.equal(arrangement.filter, undefined);
  });
});

describe('Sort By for the other sections', () => {
  const albums: AlbumRecord[] = [
    { id: 'a1', name: 'Blue', byline: 'Zed', releaseDate: '1999-05-01', addedAt: '2024-01-03T00:00:00Z' },
    { id: 'a2', name: 'azure', byline: 'Abe', releaseDate: '2021', addedAt: '2024-01-01T00:00:00Z' },
    { id: 'a3', name: 'Cyan', byline: 'Mia', releaseDate: '2010-02', addedAt: '2024-01-02T00:00:00Z' },
  ];

  it('offers Liked Songs one "Recently added" (its order on Spotify), not that and "Custom order" (issue 20.9d)', () => {
    assert.deepEqual(ordersFor('liked').map((option) => `${option.order}:${option.label}`), ['custom:Recently added', 'title:Title', 'artist:Artist', 'album:Album', 'duration:Duration']);
    assert.deepEqual(ordersFor('playlist:abc').map((option) => option.order), ['custom', 'added', 'title', 'artist', 'album', 'duration']);
  });

  it('offers the album orders of the Spotify app and sorts by each', async () => {
    assert.deepEqual(ordersFor('section:albums').map((o) => o.order), ['added', 'alphabetical', 'artist', 'released']);
    assert.deepEqual(ordersFor('section:artists').map((o) => o.order), ['custom', 'alphabetical']);
    const arrangement = new ListArrangement(new MapStore());
    const namesBy = async (order: SortOrder) => {
      await arrangement.setSort('section:albums', order);
      return arrangement.arrange('section:albums', albums).map((album) => album.name);
    };
    assert.deepEqual(await namesBy('released'), ['azure', 'Cyan', 'Blue'], 'newest release first');
    assert.deepEqual(await namesBy('alphabetical'), ['azure', 'Blue', 'Cyan']);
    assert.deepEqual(await namesBy('artist'), ['azure', 'Cyan', 'Blue']);
    assert.deepEqual(await namesBy('added'), ['Blue', 'Cyan', 'azure'], 'recently added first');
    assert.equal(arrangement.describe('section:albums'), 'sorted by recently added');
  });
});
