import * as assert from 'node:assert/strict';
import { formatPlaylistText, parsePlaylistText } from '../../src/library/playlistText';

const A = '4uLU6hMCjMI75M1A2tKUQC';
const B = '0VjIjW4GlUZAMYd2vXMi3b';
const E = '512ojhOuo1ktJprKbVcKyQ';

describe('playlist as text', () => {
  it('writes one entry a line: title — artists · m:ss, then the URI', () => {
    const text = formatPlaylistText([
      { uri: `spotify:track:${A}`, title: 'Song Title', artists: 'Artist A, Artist B', durationMs: 205_000 },
      { uri: `spotify:episode:${E}`, title: 'Ep 1', artists: 'The Show', durationMs: 3_723_000 },
      { uri: `spotify:track:${B}`, title: 'No Length', artists: '' },
    ]);
    assert.equal(
      text,
      `Song Title — Artist A, Artist B · 3:25  spotify:track:${A}\n` +
        `Ep 1 — The Show · 1:02:03  spotify:episode:${E}\n` +
        `No Length  spotify:track:${B}\n`,
    );
  });

  it('keeps a title on its line, so a name with a line break cannot become a second entry', () => {
    const text = formatPlaylistText([{ uri: `spotify:track:${A}`, title: `Evil\nspotify:track:${B}`, artists: 'X\r\nY' }]);
    assert.equal(text.split('\n').filter(Boolean).length, 1);
    assert.deepEqual(parsePlaylistText(text).uris, [`spotify:track:${A}`], 'the URI at the end of the line wins over one in the title');
  });

  it('reads back what it wrote, duplicates and order included', () => {
    const entries = [A, B, A, E].map((id, index) => ({ uri: index === 3 ? `spotify:episode:${id}` : `spotify:track:${id}`, title: `T${index}`, artists: 'Z', durationMs: 1000 * index }));
    assert.deepEqual(parsePlaylistText(formatPlaylistText(entries)), { uris: entries.map((entry) => entry.uri), problems: [] });
  });

  it('reads URIs, open.spotify.com links (intl paths, queries) and Markdown links; ignores blanks and # comments', () => {
    const text = [
      '# My playlist',
      '',
      `spotify:track:${A}`,
      `https://open.spotify.com/track/${B}?si=abc123`,
      `  https://open.spotify.com/intl-de/episode/${E}  `,
      `- [Song — Artist](https://open.spotify.com/track/${A})`,
      `# spotify:track:${B} commented out`,
      `Just a note without a link`,
      `Local Song — Me · 1:00  spotify:local:Me:Album:Local+Song:60`,
    ].join('\n');
    const parsed = parsePlaylistText(text);
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`, `spotify:track:${B}`, `spotify:episode:${E}`, `spotify:track:${A}`, 'spotify:local:Me:Album:Local+Song:60']);
    assert.deepEqual(parsed.problems, []);
  });

  it('reports a line that looks like a link but is not an entry, with its line number', () => {
    const text = [
      `spotify:track:${A}`,
      'spotify:track:tooShort',
      `https://open.spotify.com/album/${B}`,
      'https://example.com/song',
      '',
      `CRLF line  spotify:track:${B}\r`,
    ].join('\n');
    const parsed = parsePlaylistText(text);
    assert.deepEqual(parsed.uris, [`spotify:track:${A}`, `spotify:track:${B}`]);
    assert.deepEqual(
      parsed.problems.map((problem) => problem.line),
      [2, 3, 4],
    );
    assert.match(parsed.problems[0].message, /tooShort/);
    assert.match(parsed.problems[1].message, /album/);
    assert.ok(parsed.problems.every((problem) => problem.message.length > 0));
  });
});

describe('playlist as text: names that look like syntax', () => {
  it('escapes a title starting with # so the entry is not read as a comment', () => {
    const text = formatPlaylistText([{ uri: `spotify:track:${A}`, title: '#1 Crush', artists: 'Garbage', durationMs: 60_000 }]);
    assert.equal(text, `\\#1 Crush — Garbage · 1:00  spotify:track:${A}\n`);
    assert.deepEqual(parsePlaylistText(text).uris, [`spotify:track:${A}`]);
  });
});
