import * as assert from 'node:assert/strict';
import { parseImport } from '../../src/library/backupImport';
import { exportRecords, toJson, toMarkdownTable } from '../../src/editor/exportFormats';

const A = '4uLU6hMCjMI75M1A2tKUQC';
const B = '0VjIjW4GlUZAMYd2vXMi3b';
const E = '512ojhOuo1ktJprKbVcKyQ';
const AL = '6dVIqQ8qmQ5GBnJ9shOYGE';
const P = '37i9dQZF1DXcBWIGoYBM5M';

const EXPORTIFY_HEADER = '"Track URI","Track Name","Artist URI(s)","Artist Name(s)","Album URI","Album Name","Album Artist URI(s)","Album Artist Name(s)","Album Release Date","Album Image URL","Disc Number","Track Number","Track Duration (ms)","Track Preview URL","Explicit","Popularity","ISRC","Added By","Added At"';
const lines = (problems: ReadonlyArray<{ line: number }>) => problems.map((problem) => problem.line);

describe('import: CSV', () => {
  it('reads an Exportify export: BOM, every cell quoted, names with commas, line breaks and doubled quotes', () => {
    const row = (uri: string, name: string) => `"${uri}","${name}","spotify:artist:${B}","Artist","spotify:album:${AL}","Album","spotify:artist:${B}","Artist","2020-01-01","https://i.scdn.co/image/x","1","1","200000","","false","50","USRC1","spotify:user:me","2026-01-01T00:00:00Z"`;
    const text = `\uFEFF${EXPORTIFY_HEADER}\n${row(`spotify:track:${A}`, 'One, ""Two""\nThree')}\n${row('', 'Empty')}\n${row(`spotify:track:${B}`, 'Four')}\n`;
    const parsed = parseImport(text, 'road_trip.csv');
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`, `spotify:track:${B}`], 'the Track URI column only: album and artist URIs are no problem');
    assert.deepEqual(lines(parsed.problems), [4], 'the empty row, counted after the line break inside a cell');
    assert.match(parsed.problems[0].message, /Track URI/);
    assert.equal(parsed.name, 'road_trip');
  });

  it('finds Track URI in any column order, alone, with Excel\'s ; separators, and without a file name', () => {
    const reordered = `Track Name,Track URI\r\n"a, b",spotify:track:${A}\r\nc,https://open.spotify.com/track/${B}?si=x\r\n`;
    assert.deepEqual(parseImport(reordered, 'x.csv'), { uris: [`spotify:track:${A}`, `spotify:track:${B}`], problems: [], name: 'x' });
    assert.deepEqual(parseImport(`Track URI\nspotify:track:${A}\n\nspotify:episode:${E}\n`), { uris: [`spotify:track:${A}`, `spotify:episode:${E}`], problems: [] }, 'sniffed by the header; a blank line is no problem');
    const german = `\uFEFF"Track Name";"Track URI";"Album URI"\r\n"Eins; Zwei";spotify:track:${A};spotify:album:${AL}\r\nAlbum;spotify:album:${AL};\r\nLokal;spotify:local:Me:Album:Lokal:60;\r\n`;
    const parsed = parseImport(german, 'liste.csv');
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`, 'spotify:local:Me:Album:Lokal:60'], 'the Album URI column is not read; a local file stays an entry');
    assert.deepEqual(lines(parsed.problems), [3]);
    assert.match(parsed.problems[0].message, /album/i);
  });

  it('reads a CSV without a Track URI column by the links in its rows, the header no problem', () => {
    const parsed = parseImport(`Title,Artist,Link\nSong,X,https://open.spotify.com/track/${A}\nOther,Y,https://music.example/1\n`, 'other.csv');
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`]);
    assert.deepEqual(lines(parsed.problems), [3]);
  });

  it('reports a quoted cell that is never closed', () => {
    const parsed = parseImport(`Track URI,Track Name\nspotify:track:${A},"open\nspotify:track:${B},x\n`, 'x.csv');
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`]);
    assert.deepEqual(lines(parsed.problems), [2]);
    assert.match(parsed.problems[0].message, /quoted/);
    assert.equal(parsed.unreadable, true, 'a file that did not parse: nothing from it is written');
    assert.equal(parseImport(`Track URI\nspotify:album:${A}\n`, 'x.csv').unreadable, undefined, 'a row of the wrong kind is a problem of its line, not of the file');
  });
});

describe('import: text, Markdown, M3U', () => {
  it('reads every link of a free-text line, reports lines without one and links that are no entry', () => {
    const text = [
      '# Mix from Anna',
      '',
      `Listen to https://open.spotify.com/intl-de/track/${A}?si=1 and spotify:episode:${E}.`,
      'Just words here',
      `The album https://open.spotify.com/album/${AL} and the list spotify:playlist:${P}`,
      'spotify:track:short',
      `Title quoting spotify:track:${B} — X · 1:00  spotify:track:${A}`,
    ].join('\n');
    const parsed = parseImport(text, 'anna.txt');
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`, `spotify:episode:${E}`, `spotify:track:${A}`], 'a line in the playlist format is read by its last link only');
    assert.deepEqual(lines(parsed.problems), [4, 5, 5, 6]);
    assert.match(parsed.problems[1].message, /album/);
    assert.match(parsed.problems[2].message, /playlist/);
    assert.match(parsed.problems[3].message, /short/);
    assert.equal(parsed.name, 'Mix from Anna');
  });

  it('reads a Markdown list of links, the same link as text and target counted once, and a table from Export...', () => {
    const text = `# Faves\n\n- [Song — X](https://open.spotify.com/track/${A})\n* [https://open.spotify.com/track/${B}](https://open.spotify.com/track/${B})\n`;
    assert.deepEqual(parseImport(text), { uris: [`spotify:track:${A}`, `spotify:track:${B}`], problems: [], name: 'Faves' }, 'a text starting like a JSON array is not JSON');
    assert.deepEqual(parseImport(`[Song](https://open.spotify.com/track/${A})\n`).uris, [`spotify:track:${A}`]);
    const table = toMarkdownTable(
      exportRecords([
        { kind: 'track', name: 'Song | One', creator: 'X', link: `https://open.spotify.com/track/${A}`, uri: `spotify:track:${A}` },
        { kind: 'episode', name: 'Ep', creator: 'Show', link: `https://open.spotify.com/episode/${E}`, uri: `spotify:episode:${E}` },
      ]),
      'Exported',
    );
    assert.deepEqual(parseImport(table, 'exported.md'), { uris: [`spotify:track:${A}`, `spotify:episode:${E}`], problems: [], name: 'Exported' });
  });

  it('reads an M3U8 of Spotify links: directives are no problem, a local path is', () => {
    const text = ['#EXTM3U', '#PLAYLIST:Car', `#EXTINF:200,X - Song`, `https://open.spotify.com/track/${A}`, '#EXTINF:100,Y - Local', '/music/local.mp3', `spotify:track:${B}`, ''].join('\r\n');
    const parsed = parseImport(text, 'car.m3u8');
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`, `spotify:track:${B}`]);
    assert.deepEqual(lines(parsed.problems), [6]);
    assert.equal(parsed.name, 'Car');
    assert.equal(parseImport(`#EXTM3U\nspotify:track:${A}\n`, 'dir/sub/Night Drive.m3u').name, 'Night Drive', 'the file\'s name when the file names none');
  });

  it('keeps local files of the playlist format', () => {
    assert.deepEqual(parseImport('Local — Me · 1:00  spotify:local:Me:Album:Local+Song:60\n').uris, ['spotify:local:Me:Album:Local+Song:60']);
  });
});

describe('import: JSON', () => {
  it('reads Export...\'s JSON, reports an entry without a song', () => {
    const text = toJson(exportRecords([{ kind: 'track', name: 'S', link: `https://open.spotify.com/track/${A}`, uri: `spotify:track:${A}` }, { kind: 'removed', name: 'Gone' }]));
    const parsed = parseImport(text, 'export.json');
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`]);
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0].message, /uri/);
  });

  it('reads JSON saved with a BOM (Windows editors) and without a file name', () => {
    const text = `\uFEFF{"name":"N","entries":[{"uri":"spotify:track:${A}"}]}`;
    assert.deepEqual(parseImport(text, 'n.json'), { uris: [`spotify:track:${A}`], problems: [], name: 'N' });
    assert.deepEqual(parseImport(text), { uris: [`spotify:track:${A}`], problems: [], name: 'N' });
  });

  it('says what is wrong with JSON that is no list', () => {
    const broken = parseImport('{"entries": [', 'x.json');
    assert.deepEqual([broken.uris, lines(broken.problems), broken.unreadable], [[], [1], true]);
    const index = parseImport('{\n  "format": 1,\n  "lists": []\n}\n', 'library.json');
    assert.deepEqual([lines(index.problems), index.unreadable], [[1], true]);
    assert.match(index.problems[0].message, /entries/);
    assert.deepEqual(parseImport(`{"name":"N","entries":[{"uri":"spotify:album:${AL}"}]}`).problems.map((problem) => /album/.test(problem.message)), [true]);
  });
});
