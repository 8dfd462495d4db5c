import * as assert from 'node:assert/strict';
import { LIKED_SONGS_ROW, linkableOfNode, linkableOfRecord, linkableOfTrack, type LinkedRow } from '../../src/library/linkableRow';
import { escapeLinkText, formatLinks, markdownLink, markdownLinks } from '../../src/editor/markdownLinks';
import { findSpotifyLinks, isSpotifyId, spotifyLinkAt } from '../../src/common/spotifyLinks';
import type { TrackRecord } from '../../src/library/records';

const ID = '4uLU6hMCjMI75M1A2tKUQC';
const track: LinkedRow = { kind: 'track', name: 'Song', creator: 'Artist A, Artist B', collection: 'Album', link: `https://open.spotify.com/track/${ID}`, uri: `spotify:track:${ID}` };

describe('Markdown links', () => {
  it('titles tracks, albums and episodes with their creator, playlists with their name alone', () => {
    assert.equal(markdownLink(track), `[Song — Artist A, Artist B](https://open.spotify.com/track/${ID})`);
    assert.equal(markdownLink({ ...track, kind: 'album', name: 'Record' }), `[Record — Artist A, Artist B](https://open.spotify.com/track/${ID})`);
    assert.equal(markdownLink({ ...track, kind: 'episode', name: 'Ep 1', creator: 'The Show' }), `[Ep 1 — The Show](https://open.spotify.com/track/${ID})`);
    assert.equal(markdownLink({ kind: 'playlist', name: 'Mix', creator: 'Owner', link: 'https://open.spotify.com/playlist/x', uri: 'spotify:playlist:x' }), '[Mix](https://open.spotify.com/playlist/x)');
    assert.equal(markdownLink({ ...LIKED_SONGS_ROW } as LinkedRow), '[Liked Songs](https://open.spotify.com/collection/tracks)');
  });

  it('escapes link text so a name cannot end the link, format, or inject HTML', () => {
    assert.equal(escapeLinkText('a] (b) [c'), 'a\\] (b) \\[c');
    assert.equal(escapeLinkText('**x** _y_ `z` <img src=x> ~s~ a|b'), '\\*\\*x\\*\\* \\_y\\_ \\`z\\` \\<img src=x\\> \\~s\\~ a\\|b');
    assert.equal(escapeLinkText('back\\slash'), 'back\\\\slash');
    assert.equal(escapeLinkText('line\nbreak\r\nagain'), 'line break again');
    assert.equal(escapeLinkText('Tom &amp; Jerry & Co'), 'Tom \\&amp; Jerry & Co');
    assert.equal(escapeLinkText('(feat. Nora) - Live'), '(feat. Nora) - Live', 'plain punctuation stays readable');
    assert.equal(markdownLink({ ...track, link: 'https://open.spotify.com/track/a b)c' }), '[Song — Artist A, Artist B](https://open.spotify.com/track/a%20b%29c)');
  });

  it('makes a Markdown list of several rows, one a line; plain links and URIs one a line', () => {
    const other = { ...track, name: 'Other', link: 'https://open.spotify.com/track/2', uri: 'spotify:track:2' };
    assert.equal(markdownLinks([track, other]), `- [Song — Artist A, Artist B](https://open.spotify.com/track/${ID})\n- [Other — Artist A, Artist B](https://open.spotify.com/track/2)`);
    assert.equal(formatLinks([track, other], 'url'), `https://open.spotify.com/track/${ID}\nhttps://open.spotify.com/track/2`);
    assert.equal(formatLinks([track, other], 'uri'), `spotify:track:${ID}\nspotify:track:2`);
    assert.equal(formatLinks([track], 'markdown'), markdownLink(track));
  });
});

describe('linkable rows', () => {
  it('reads tracks, episodes, local files and playlists from their records', () => {
    const record: TrackRecord = { kind: 'track', id: ID, name: 'Song', byline: 'A', album: 'Alb', durationMs: 1000, addedAt: '2026-01-01T00:00:00Z' };
    assert.deepEqual(linkableOfTrack(record), { kind: 'track', name: 'Song', creator: 'A', collection: 'Alb', durationMs: 1000, addedAt: '2026-01-01T00:00:00Z', link: `https://open.spotify.com/track/${ID}`, uri: `spotify:track:${ID}` });
    const episode = linkableOfRecord({ kind: 'episode', id: ID, name: 'Ep', byline: 'Show' } satisfies TrackRecord);
    assert.equal(episode?.collection, 'Show');
    assert.equal(episode?.link, `https://open.spotify.com/episode/${ID}`);
    const local = linkableOfRecord({ kind: 'local', name: 'Demo', byline: 'Me', uriOverride: 'spotify:local:Me::Demo:1' } satisfies TrackRecord);
    assert.equal(local?.link, undefined);
    assert.equal(local?.uri, 'spotify:local:Me::Demo:1');
    const playlist = linkableOfRecord({ id: 'p1', name: 'Mix', ownerName: 'Me', collaborative: false });
    assert.deepEqual(playlist, { kind: 'playlist', name: 'Mix', creator: 'Me', link: 'https://open.spotify.com/playlist/p1', uri: 'spotify:playlist:p1' });
  });

  it('takes a new kind from its own linkable(), or from generic fields', () => {
    const album = { linkable: () => ({ kind: 'album', name: 'Rec', creator: 'Band', link: 'https://open.spotify.com/album/a', uri: 'spotify:album:a' }) };
    assert.equal(linkableOfNode(album)?.name, 'Rec');
    assert.equal(linkableOfRecord({ type: 'show', id: 's1', name: 'Pod', publisher: 'Pub' })?.link, 'https://open.spotify.com/show/s1');
  });

  it('takes a notice row as the list it explains, and another linked node by its label', () => {
    const playlistNode = { playlist: { id: 'p1', name: 'Mix', ownerName: 'Other', collaborative: false } };
    const notice = { parent: playlistNode, link: () => ({ url: 'https://open.spotify.com/playlist/p1', uri: 'spotify:playlist:p1' }), getTreeItem: () => ({ label: 'Spotify lets apps read only…', contextValue: 'spotifyLibrary:notice:linked' }) };
    assert.equal(linkableOfNode(notice)?.name, 'Mix');
    const artist = { link: () => ({ url: 'https://open.spotify.com/artist/x', uri: 'spotify:artist:x' }), getTreeItem: () => ({ label: 'Band', contextValue: 'spotifyLibrary:artist:linked' }) };
    assert.deepEqual(linkableOfNode(artist), { kind: 'artist', name: 'Band', link: 'https://open.spotify.com/artist/x', uri: 'spotify:artist:x' });
    assert.equal(linkableOfNode({ link: () => undefined }), undefined);
  });
});

describe('Spotify link parsing', () => {
  it('finds open.spotify.com links of every kind, with intl paths, queries and fragments', () => {
    for (const kind of ['track', 'album', 'playlist', 'artist', 'episode', 'show']) {
      assert.deepEqual(findSpotifyLinks(`see https://open.spotify.com/${kind}/${ID} now`), [{ kind, id: ID, start: 4, end: 4 + 25 + kind.length + 1 + 22 }]);
    }
    const intl = `https://open.spotify.com/intl-de/track/${ID}?si=abc123&nd=1`;
    assert.deepEqual(findSpotifyLinks(`[x](${intl})`), [{ kind: 'track', id: ID, start: 4, end: 4 + intl.length }]);
    assert.equal(findSpotifyLinks(`https://open.spotify.com/intl-pt_BR/album/${ID}`)[0]?.kind, 'album');
    assert.equal(findSpotifyLinks(`<https://open.spotify.com/embed/playlist/${ID}#x>`)[0]?.id, ID);
    assert.equal(findSpotifyLinks(`http://open.spotify.com/show/${ID}.`)[0]?.end, `http://open.spotify.com/show/${ID}`.length, 'a full stop ends the sentence, not the link');
  });

  it('finds spotify: URIs and nothing in look-alikes', () => {
    assert.deepEqual(findSpotifyLinks(`uri spotify:track:${ID}`), [{ kind: 'track', id: ID, start: 4, end: 4 + 14 + 22 }]);
    assert.equal(findSpotifyLinks(`spotify:episode:${ID}`)[0]?.kind, 'episode');
    assert.deepEqual(findSpotifyLinks(`https://open.spotify.com/user/abc https://evil.example/track/${ID} myspotify:track:${ID} spotify:local:a:b:c:1`), []);
    assert.deepEqual(findSpotifyLinks(`https://open.spotify.com.evil.example/track/${ID}`), []);
  });

  it('finds the link under an offset, both ends included', () => {
    const text = `a https://open.spotify.com/track/${ID} b`;
    assert.equal(spotifyLinkAt(text, 1), undefined);
    assert.equal(spotifyLinkAt(text, 2)?.id, ID);
    assert.equal(spotifyLinkAt(text, text.length - 2)?.id, ID);
    assert.equal(spotifyLinkAt(text, text.length - 1), undefined);
  });

  it('tells well-formed ids from malformed ones', () => {
    assert.equal(isSpotifyId(ID), true);
    assert.equal(isSpotifyId('short'), false);
    assert.equal(isSpotifyId(`${ID}x`), false);
    assert.equal(findSpotifyLinks('https://open.spotify.com/track/short')[0]?.id, 'short', 'found, so the hover can say it is malformed');
  });
});
