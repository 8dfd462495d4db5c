import * as assert from 'node:assert/strict';
import { type IndexFields, LibraryIndex, normalizeText, queryWords } from '../../src/library/libraryIndex';

interface Rec {
  uri: string;
  name: string;
  by?: string;
  album?: string;
  kind?: IndexFields['kind'];
}
const fields = (r: Rec): IndexFields => ({ kind: r.kind ?? 'track', key: r.uri, name: r.name, byline: r.by, album: r.album });

const bohemian: Rec = { uri: 't:1', name: 'Bohemian Rhapsody', by: 'Queen', album: 'A Night at the Opera' };
const road: Rec = { uri: 't:2', name: 'Road Trip Song', by: 'The Drivers', album: 'Highway' };
const cafe: Rec = { uri: 't:3', name: 'Café del Mar', by: 'Beyoncé', album: 'Ibiza' };
const roadTrip: Rec = { uri: 'p:1', name: 'Road Trip', by: 'Fake Listener', kind: 'playlist' };

describe('LibraryIndex (Find in Library)', () => {
  it('matches words in any order against name, artists and album, without case or accents', () => {
    const index = new LibraryIndex();
    index.setList('liked', 'Liked Songs', [bohemian, road, cafe], fields);
    const names = (query: string) => index.query<Rec>(query).flatMap((g) => g.rows.map((row) => row.record.name));
    assert.deepEqual(names('queen bohemian'), ['Bohemian Rhapsody']);
    assert.deepEqual(names('OPERA rhaps'), ['Bohemian Rhapsody']);
    assert.deepEqual(names('beyonce cafe'), ['Café del Mar']);
    assert.deepEqual(names('road queen'), []);
    assert.equal(normalizeText('CAFÉ'), 'cafe');
    assert.deepEqual(queryWords('  a  bb a '), ['bb', 'a']);
  });

  it('is one row per track wherever it lives, listing its lists in order, and grouped by kind', () => {
    const index = new LibraryIndex();
    index.setList('playlists', 'Playlists', [roadTrip], fields);
    index.setList('liked', 'Liked Songs', [bohemian, road], fields);
    index.setList('playlist:1', 'Road Trip', [{ ...road }, bohemian], fields);
    index.setList('playlist:2', 'Focus', [road], fields);
    const groups = index.query<Rec>('road');
    assert.deepEqual(groups.map((g) => g.kind), ['playlist', 'track']);
    assert.equal(groups[1].rows.length, 1, 'the track in three lists is one row');
    assert.deepEqual(groups[1].rows[0].places.map((p) => index.listName(p.listId)), ['Liked Songs', 'Road Trip', 'Focus']);
    assert.deepEqual(groups[1].rows[0].places.map((p) => p.index), [1, 0, 0]);
    assert.equal(index.size, 3);

    // A list indexed again with a track gone: the row stays for its other lists.
    index.setList('liked', 'Liked Songs', [bohemian], fields);
    assert.deepEqual(index.query('road')[1].rows[0].places.map((p) => p.listId), ['playlist:1', 'playlist:2']);
    index.removeList('playlist:1');
    index.removeList('playlist:2');
    assert.deepEqual(index.query('road').map((g) => g.kind), ['playlist']);
  });

  it('appends a page without re-indexing what was there, and starts over when the list changed', () => {
    const index = new LibraryIndex();
    index.setList('liked', 'Liked Songs', [bohemian], fields);
    index.setList('liked', 'Liked Songs', [bohemian, road], fields);
    assert.equal(index.entryCount, 2);
    assert.deepEqual(index.query('song')[0].rows.map((r) => r.places[0].index), [1]);
    index.setList('liked', 'Liked Songs', [cafe, bohemian], fields); // a new like on top
    assert.equal(index.entryCount, 2);
    assert.deepEqual(index.query('rhapsody')[0].rows[0].places, [{ listId: 'liked', index: 1, record: bohemian }]);
    assert.equal(index.query('road').length, 0);
  });

  it('ranks names that start with a word first, then names holding every word, then other fields; caps each group', () => {
    const index = new LibraryIndex();
    const records: Rec[] = [
      { uri: 'a', name: 'Song About Love', by: 'X' },
      { uri: 'b', name: 'Something', by: 'Love Band' },
      { uri: 'c', name: 'Love Song', by: 'Y' },
    ];
    index.setList('liked', 'Liked Songs', records, fields);
    const [tracks] = index.query<Rec>('love', 2);
    assert.deepEqual(tracks.rows.map((r) => r.record.uri), ['c', 'a']);
    assert.equal(tracks.total, 3);
    // Typing on narrows the previous matches, with the same answer as a fresh query.
    assert.deepEqual(index.query<Rec>('love so').flatMap((g) => g.rows.map((r) => r.record.uri)), ['c', 'a', 'b']);
    assert.deepEqual(index.query<Rec>('love song').flatMap((g) => g.rows.map((r) => r.record.uri)), ['c', 'a']);
    assert.deepEqual(new LibraryIndex().query('x'), []);
  });
});
