import * as assert from 'node:assert/strict';
import {
  buildBackupIndex,
  EXPORTIFY_COLUMNS,
  formatBackupIndex,
  formatBackupList,
  playlistFileName,
  readBackupIndex,
  sectionFileName,
  type BackupList,
} from '../../src/library/backupFormats';
import { parseBackupText, parseImport } from '../../src/library/backupImport';
import { parsePlaylistText } from '../../src/library/playlistText';
import type { PlaylistRecord, TrackRecord } from '../../src/library/records';
import { parseCsv } from './support/tableParsers';

const A = '4uLU6hMCjMI75M1A2tKUQC';
const B = '0VjIjW4GlUZAMYd2vXMi3b';
const E = '512ojhOuo1ktJprKbVcKyQ';
const P = '37i9dQZF1DXcBWIGoYBM5M';
const Q = '1A2B3C4D5E6F7G8H9I0J1K';
const AL = '6dVIqQ8qmQ5GBnJ9shOYGE';
const AR = '0OdUWJ0sBjDrqHygGUXeCF';
const SH = '5CfCWKI5pZ28U0uOzXkDHe';

const playlist: PlaylistRecord = { id: P, name: 'Road Trip, "Summer"', ownerName: 'Me', collaborative: false, isPublic: true, description: 'for the car', total: 4, snapshotId: 'snap-1' };
const tracks: TrackRecord[] = [
  { kind: 'track', id: A, name: 'Song, With Comma', byline: 'Artist A, Artist B', album: 'Album "Q"', durationMs: 205_000, explicit: true, isrc: 'USRC17607839', disc: 1, number: 3, addedAt: '2026-05-01T10:00:00Z', playable: false, restriction: 'market' },
  { kind: 'episode', id: E, name: 'Ep 1', byline: 'The Show', durationMs: 3_723_000, releaseDate: '2026-04-02', resumeMs: 12_000, addedAt: '2026-05-02T10:00:00Z' },
  { kind: 'removed', name: 'Removed from Spotify', byline: '', addedAt: '2026-05-03T10:00:00Z' },
  { kind: 'track', id: B, name: '=HYPERLINK("x")', byline: '-Minus', addedAt: '2026-05-04T10:00:00Z' },
];
const playlistList: BackupList = { kind: 'playlist', playlist, tracks };

describe('backup files: names', () => {
  it('names a playlist file by its id, never by its name, and sections by fixed names', () => {
    assert.equal(playlistFileName(playlist), `playlist-${P}.spotify-playlist`);
    assert.equal(playlistFileName({ ...playlist, name: 'Renamed' } as PlaylistRecord, 'csv'), `playlist-${P}.csv`);
    assert.equal(playlistFileName(playlist, 'json'), `playlist-${P}.json`);
    assert.equal(playlistFileName({ id: '../etc/x' }), 'playlist-___etc_x.spotify-playlist', 'an id cannot name a path');
    assert.deepEqual(
      (['liked', 'albums', 'artists', 'shows', 'episodes'] as const).map((section) => sectionFileName(section, 'csv')),
      ['liked-songs.csv', 'albums.csv', 'artists.csv', 'podcasts.csv', 'episodes.csv'],
    );
  });
});

describe('backup files: playlist text', () => {
  it('writes a header of name and URI, then one entry a line in playlistText\'s format, a removed entry as a comment', () => {
    assert.equal(
      formatBackupList(playlistList, 'text'),
      `# Road Trip, "Summer"\n# spotify:playlist:${P}\n\n` +
        `Song, With Comma — Artist A, Artist B · 3:25  spotify:track:${A}\n` +
        `Ep 1 — The Show · 1:02:03  spotify:episode:${E}\n` +
        '# (removed from Spotify)\n' +
        `=HYPERLINK("x") — -Minus  spotify:track:${B}\n`,
    );
  });

  it('reads back as the same entries with the name, no problems', () => {
    const text = formatBackupList(playlistList, 'text');
    assert.deepEqual(parsePlaylistText(text), { uris: [`spotify:track:${A}`, `spotify:episode:${E}`, `spotify:track:${B}`], problems: [] });
    assert.deepEqual(parseImport(text, playlistFileName(playlist)), { uris: [`spotify:track:${A}`, `spotify:episode:${E}`, `spotify:track:${B}`], problems: [], name: 'Road Trip, "Summer"' });
  });

  it('keeps a name with a line break on its header line', () => {
    const text = formatBackupList({ kind: 'playlist', playlist: { ...playlist, name: `Two\nspotify:track:${A}` }, tracks: [] }, 'text');
    assert.equal(text, `# Two spotify:track:${A}\n# spotify:playlist:${P}\n`);
    assert.deepEqual(parsePlaylistText(text).uris, []);
  });

  it('writes sections with fixed English headers and albums, artists, podcasts as Name — Artist  URI lines', () => {
    assert.equal(formatBackupList({ kind: 'liked', tracks: tracks.slice(0, 1) }, 'text'), `# Liked Songs\n# spotify:collection:tracks\n\nSong, With Comma — Artist A, Artist B · 3:25  spotify:track:${A}\n`);
    const albums = formatBackupList({ kind: 'albums', albums: [{ id: AL, name: '#1 Record', byline: 'Band', addedAt: '2026-01-01T00:00:00Z' }] }, 'text');
    assert.equal(albums, `# Albums\n\n\\#1 Record — Band  spotify:album:${AL}\n`);
    const artists = formatBackupList({ kind: 'artists', artists: [{ id: AR, name: 'Band' }] }, 'text');
    assert.equal(artists, `# Artists\n\nBand  spotify:artist:${AR}\n`);
    const shows = formatBackupList({ kind: 'shows', shows: [{ id: SH, name: 'Talk', totalEpisodes: 9 }] }, 'text');
    assert.equal(shows, `# Podcasts\n\nTalk  spotify:show:${SH}\n`);
    assert.equal(formatBackupList({ kind: 'episodes', tracks: [] }, 'text'), '# Your Episodes\n');

    assert.deepEqual(parseBackupText(albums, { kinds: ['album'] }), { uris: [`spotify:album:${AL}`], problems: [] });
    assert.deepEqual(parseBackupText(artists, { kinds: ['artist'] }), { uris: [`spotify:artist:${AR}`], problems: [] });
    assert.deepEqual(parseBackupText(shows, { kinds: ['show'] }), { uris: [`spotify:show:${SH}`], problems: [] });
  });

  it('parseBackupText reads only the kinds asked for; a playlist document still takes no album', () => {
    const text = [`Album — X  spotify:album:${AL}`, `Song  spotify:track:${A}`, 'spotify:album:short', 'https://example.com/x', 'just words'].join('\n');
    const albums = parseBackupText(text, { kinds: ['album'] });
    assert.deepEqual(albums.uris, [`spotify:album:${AL}`]);
    assert.deepEqual(albums.problems.map((problem) => problem.line), [2, 3, 4]);
    assert.match(albums.problems[0].message, /album/);
    assert.match(albums.problems[1].message, /short/);
    assert.deepEqual(parseBackupText(text), parsePlaylistText(text), 'songs and episodes: exactly parsePlaylistText');
    assert.deepEqual(parsePlaylistText(text).uris, [`spotify:track:${A}`]);
  });
});

describe('backup files: CSV', () => {
  it('writes Exportify\'s exact header and fills what the records hold, RFC 4180, formulas neutralised', () => {
    const text = formatBackupList(playlistList, 'csv');
    assert.ok(text.startsWith(`${EXPORTIFY_COLUMNS.map((column) => (column.includes(',') ? `"${column}"` : column)).join(',')}\r\n`));
    assert.ok(text.endsWith('\r\n'));
    const [header, song, episode, removed, formula] = parseCsv(text);
    assert.deepEqual(header, [
      'Track URI', 'Track Name', 'Artist URI(s)', 'Artist Name(s)', 'Album URI', 'Album Name', 'Album Artist URI(s)', 'Album Artist Name(s)', 'Album Release Date', 'Album Image URL',
      'Disc Number', 'Track Number', 'Track Duration (ms)', 'Track Preview URL', 'Explicit', 'Popularity', 'ISRC', 'Added By', 'Added At',
    ]);
    const cell = (row: string[], column: string) => row[header.indexOf(column)];
    assert.ok([song, episode, removed, formula].every((row) => row.length === 19));
    assert.deepEqual(
      ['Track URI', 'Track Name', 'Artist Name(s)', 'Album Name', 'Disc Number', 'Track Number', 'Track Duration (ms)', 'Explicit', 'ISRC', 'Added At', 'Popularity'].map((column) => cell(song, column)),
      [`spotify:track:${A}`, 'Song, With Comma', 'Artist A, Artist B', 'Album "Q"', '1', '3', '205000', 'true', 'USRC17607839', '2026-05-01T10:00:00Z', ''],
    );
    assert.deepEqual(['Artist Name(s)', 'Album Name', 'Album Release Date'].map((column) => cell(episode, column)), ['', 'The Show', '2026-04-02'], 'an episode\'s show stands where the album does');
    assert.deepEqual([cell(removed, 'Track URI'), cell(removed, 'Track Name'), cell(removed, 'Added At')], ['', '', '2026-05-03T10:00:00Z'], 'a removed entry keeps its row, no words of the display language');
    assert.deepEqual([cell(formula, 'Track Name'), cell(formula, 'Artist Name(s)')], ['\'=HYPERLINK("x")', "'-Minus"]);
  });

  it('writes albums, artists and podcasts with their own URI columns, read back by parseImport as not entries', () => {
    const albums = formatBackupList({ kind: 'albums', albums: [{ id: AL, name: 'Rec', byline: 'Band', releaseDate: '2001', totalTracks: 12, addedAt: '2026-01-01T00:00:00Z' }] }, 'csv');
    assert.deepEqual(parseCsv(albums), [
      ['Album URI', 'Album Name', 'Album Artist Name(s)', 'Album Release Date', 'Total Tracks', 'Album Image URL', 'Added At'],
      [`spotify:album:${AL}`, 'Rec', 'Band', '2001', '12', '', '2026-01-01T00:00:00Z'],
    ]);
    assert.deepEqual(parseCsv(formatBackupList({ kind: 'artists', artists: [{ id: AR, name: 'Band', genres: 'rock, pop' }] }, 'csv'))[1], [`spotify:artist:${AR}`, 'Band', 'rock, pop']);
    assert.deepEqual(parseCsv(formatBackupList({ kind: 'shows', shows: [{ id: SH, name: 'Talk', totalEpisodes: 9 }] }, 'csv'))[1], [`spotify:show:${SH}`, 'Talk', '9', '', '']);
  });

  it('reads back: the songs and episodes, the removed entry as a problem on its row', () => {
    const parsed = parseImport(formatBackupList(playlistList, 'csv'), playlistFileName(playlist, 'csv'));
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`, `spotify:episode:${E}`, `spotify:track:${B}`]);
    assert.deepEqual(parsed.problems.map((problem) => problem.line), [4]);
  });
});

describe('backup files: JSON', () => {
  it('writes fixed key order, 2-space indent, one entry a line, nothing that changes by itself', () => {
    const text = formatBackupList(playlistList, 'json');
    const lines = text.split('\n');
    assert.deepEqual(lines.slice(0, 10), [
      '{',
      '  "format": 1,',
      '  "kind": "playlist",',
      `  "id": "${P}",`,
      `  "uri": "spotify:playlist:${P}",`,
      '  "name": "Road Trip, \\"Summer\\"",',
      '  "owner": "Me",',
      '  "description": "for the car",',
      '  "public": true,',
      '  "collaborative": false,',
    ]);
    assert.equal(lines[10], '  "entries": [');
    assert.equal(lines[11], `    {"uri":"spotify:track:${A}","name":"Song, With Comma","artists":"Artist A, Artist B","album":"Album \\"Q\\"","disc":1,"number":3,"durationMs":205000,"explicit":true,"isrc":"USRC17607839","addedAt":"2026-05-01T10:00:00Z"},`);
    assert.equal(lines[12], `    {"uri":"spotify:episode:${E}","name":"Ep 1","show":"The Show","releaseDate":"2026-04-02","durationMs":3723000,"addedAt":"2026-05-02T10:00:00Z"},`);
    assert.equal(lines[13], '    {"addedAt":"2026-05-03T10:00:00Z","removed":true},');
    assert.deepEqual(lines.slice(15), ['  ]', '}', ''], 'a trailing newline');
    assert.doesNotMatch(text, /snap-1|playable|market|resume|12000/, 'no snapshot id, playability or resume point');
    assert.equal((JSON.parse(text) as { entries: unknown[] }).entries.length, 4);
    assert.equal(formatBackupList({ kind: 'artists', artists: [] }, 'json'), '{\n  "format": 1,\n  "kind": "artists",\n  "name": "Artists",\n  "entries": []\n}\n');
  });

  it('reads back with the removed entry a problem on its own line', () => {
    const parsed = parseImport(formatBackupList(playlistList, 'json'), playlistFileName(playlist, 'json'));
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`, `spotify:episode:${E}`, `spotify:track:${B}`]);
    assert.deepEqual(parsed.problems.map((problem) => problem.line), [14]);
    assert.equal(parsed.name, 'Road Trip, "Summer"');
  });
});

describe('backup files: the index and diffs', () => {
  const other: PlaylistRecord = { id: Q, name: 'Other', ownerName: 'Me', collaborative: true, snapshotId: 'snap-q' };
  const lists = (backedUpTracks: readonly TrackRecord[]): BackupList[] => [
    { kind: 'playlist', playlist: other, tracks: [] },
    { kind: 'artists', artists: [{ id: AR, name: 'Band' }] },
    { kind: 'playlist', playlist, tracks: backedUpTracks },
    { kind: 'liked', tracks: tracks.slice(0, 1) },
  ];

  it('lists sections first in the Library\'s order, then playlists in the library\'s order', () => {
    const index = buildBackupIndex({ account: { id: 'me', name: 'Me Myself' }, backedUpAt: '2026-06-01T12:00:00.000Z', format: 'csv', lists: lists(tracks) });
    assert.deepEqual(index.lists, [
      { file: 'liked-songs.csv', kind: 'liked', name: 'Liked Songs', count: 1 },
      { file: 'artists.csv', kind: 'artists', name: 'Artists', count: 1 },
      { file: `playlist-${Q}.csv`, kind: 'playlist', id: Q, name: 'Other', snapshotId: 'snap-q', count: 0 },
      { file: `playlist-${P}.csv`, kind: 'playlist', id: P, name: 'Road Trip, "Summer"', snapshotId: 'snap-1', count: 4 },
    ]);
    const text = formatBackupIndex(index);
    assert.deepEqual(text.split('\n').slice(0, 8), [
      '{',
      '  "format": 1,',
      '  "account": {',
      '    "id": "me",',
      '    "name": "Me Myself"',
      '  },',
      '  "backedUpAt": "2026-06-01T12:00:00.000Z",',
      '  "lists": [',
    ]);
    assert.equal(text.split('\n')[8], '    {"file":"liked-songs.csv","kind":"liked","name":"Liked Songs","count":1},');
    assert.ok(text.endsWith('  ]\n}\n'));
    assert.deepEqual(readBackupIndex(`\uFEFF${text}`), index);
    assert.equal(readBackupIndex(text.replace('"format": 1', '"format": 2')), undefined, 'another format version is not read as this one');
    assert.equal(readBackupIndex('{"format":1'), undefined);
  });

  it('writes the same bytes for an unchanged library: only the index says when; a new song is one new line', () => {
    for (const format of ['text', 'csv', 'json'] as const) {
      const first = lists(tracks).map((list) => formatBackupList(list, format));
      const renewed = lists(tracks.map((track) => ({ ...track, playable: true, resumeMs: 99_000 }))).map((list) => formatBackupList({ ...list, ...(list.kind === 'playlist' ? { playlist: { ...list.playlist, snapshotId: 'snap-2', total: 99 } } : {}) }, format));
      assert.deepEqual(renewed, first, `${format}: no counts, snapshot ids, playability or resume points in a list file`);

      const grown = formatBackupList({ kind: 'playlist', playlist, tracks: [...tracks.slice(0, 2), { kind: 'track', id: Q, name: 'New', byline: 'X' }, ...tracks.slice(2)] }, format).split('\n');
      const before: string[] = formatBackupList(playlistList, format).split('\n');
      assert.equal(grown.length, before.length + 1, format);
      assert.deepEqual(grown.filter((line) => !before.includes(line)).length, 1, `${format}: one line added, the rest as they were`);
    }
    const at = (backedUpAt: string) => formatBackupIndex(buildBackupIndex({ account: { id: 'me', name: 'Me' }, backedUpAt, format: 'text', lists: lists(tracks) })).split('\n');
    const [monday, tuesday] = [at('2026-06-01T00:00:00Z'), at('2026-06-02T00:00:00Z')];
    assert.deepEqual(monday.filter((line, i) => line !== tuesday[i]), ['  "backedUpAt": "2026-06-01T00:00:00Z",']);
  });
});
