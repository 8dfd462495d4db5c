import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeAlbum, normalizeAlbumTrack, normalizeEntry, normalizePage, normalizePlaylist, normalizeShow, smallestImageUrl } from '../../src/library/normalize';
import { isAlbumRecord, isPlaylistRecord, isShowRecord, isTrackRecord } from '../../src/library/cachedLibrary';
import { trackUri, trackUrl } from '../../src/library/records';

const TRACK_ID = '4uLU6hMCjMI75M1A2tKUQC';

describe('normalize', () => {
  it('reads a playlist entry from `item`, and an older one from `track`', () => {
    const content = { type: 'track', id: TRACK_ID, name: 'Song', artists: [{ name: 'A' }, { name: 'B' }], album: { name: 'Album' }, duration_ms: 215000, uri: `spotify:track:${TRACK_ID}`, external_urls: { spotify: `https://open.spotify.com/track/${TRACK_ID}` } };
    const fromItem = normalizeEntry({ added_at: '2026-01-02T00:00:00Z', item: content, track: null });
    const fromTrack = normalizeEntry({ added_at: '2026-01-02T00:00:00Z', track: content });
    for (const record of [fromItem, fromTrack]) {
      assert.equal(record.kind, 'track');
      assert.equal(record.name, 'Song');
      assert.equal(record.byline, 'A, B');
      assert.equal(record.album, 'Album');
      assert.equal(trackUrl(record), `https://open.spotify.com/track/${TRACK_ID}`);
      assert.equal(trackUri(record), `spotify:track:${TRACK_ID}`);
      // Canonical links are derived, not stored: that is what keeps records small.
      assert.equal(record.link, undefined);
      assert.equal(record.uriOverride, undefined);
    }
  });

  it('turns local files, episodes, unavailable and null entries into their kinds', () => {
    const local = normalizeEntry({ is_local: true, track: { id: null, name: 'Demo', uri: 'spotify:local:Me:Tape:Demo:215', external_urls: {}, artists: [{ name: 'Me' }] } });
    assert.equal(local.kind, 'local');
    assert.equal(trackUrl(local), undefined);
    assert.equal(trackUri(local), 'spotify:local:Me:Tape:Demo:215');

    const episode = normalizeEntry({ item: { type: 'episode', id: TRACK_ID, name: 'Ep 1', show: { name: 'The Show' }, duration_ms: 1000 } });
    assert.equal(episode.kind, 'episode');
    assert.equal(episode.byline, 'The Show');
    assert.equal(trackUrl(episode), `https://open.spotify.com/episode/${TRACK_ID}`);

    const unavailable = normalizeEntry({ track: { type: 'track', id: TRACK_ID, name: 'X', is_playable: false, restrictions: { reason: 'market' } } });
    assert.equal(unavailable.playable, false);
    assert.equal(unavailable.restriction, 'market');

    assert.equal(normalizeEntry({ added_at: 'x', item: null, track: null }).kind, 'removed');
    assert.equal(normalizeEntry(null).kind, 'removed');
  });

  it('reads playlists in the 2026 shape (`items`) and the older one (`tracks`, maybe null)', () => {
    const base = { id: '37i9dQZF1DXcBWIGoYBM5M', name: 'P', owner: { id: 'u', display_name: 'User' }, snapshot_id: 's1' };
    assert.equal(normalizePlaylist({ ...base, items: { total: 12 } })?.total, 12);
    assert.equal(normalizePlaylist({ ...base, tracks: { total: 7 } })?.total, 7);
    assert.equal(normalizePlaylist({ ...base, tracks: null })?.total, undefined);
    assert.equal(normalizePlaylist({ name: 'no id' }), undefined);
  });

  it('rejects a response that is not a paging object, and keeps unreadable entries as removed', () => {
    assert.equal(normalizePage({ nope: true }, normalizeEntry), undefined);
    assert.equal(normalizePage('<html>', normalizeEntry), undefined);
    const page = normalizePage({ items: [42, { track: { id: TRACK_ID, name: 'ok' } }], total: 2, offset: 0 }, normalizeEntry);
    assert.deepEqual(page?.items.map((item) => item.kind), ['removed', 'track']);
  });

  it('never throws, whatever it is given (10,000 generated payloads, valid and broken)', () => {
    const text = fc.oneof(fc.string(), fc.constant('<img src=x onerror=alert(1)>'), fc.constant('**bold**'));
    const id = fc.oneof(fc.constant(TRACK_ID), fc.string(), fc.constant(null), fc.integer());
    const content = fc.record(
      {
        type: fc.oneof(fc.constantFrom('track', 'episode', 'ad', ''), fc.anything()),
        id,
        name: fc.oneof(text, fc.anything()),
        artists: fc.oneof(fc.array(fc.record({ name: fc.oneof(text, fc.anything()) })), fc.anything()),
        album: fc.oneof(fc.record({ name: text }), fc.anything()),
        show: fc.oneof(fc.record({ name: text }), fc.anything()),
        duration_ms: fc.oneof(fc.integer(), fc.double(), fc.anything()),
        is_playable: fc.anything(),
        restrictions: fc.anything(),
        external_urls: fc.oneof(fc.record({ spotify: text }), fc.anything()),
        uri: fc.oneof(text, fc.constant('spotify:local:a:b:c:1'), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const entry = fc.oneof(
      fc.record({ added_at: fc.oneof(text, fc.anything()), is_local: fc.anything(), item: fc.oneof(content, fc.constant(null)), track: fc.oneof(content, fc.anything()) }, { requiredKeys: [] }),
      fc.anything(),
    );
    const page = fc.oneof(
      fc.record({ items: fc.array(entry, { maxLength: 5 }), total: fc.anything(), offset: fc.anything(), next: fc.anything() }, { requiredKeys: ['items'] }),
      fc.anything(),
      fc.jsonValue(),
    );
    let pagesRead = 0;
    fc.assert(
      fc.property(page, (raw) => {
        const entries = normalizePage(raw, normalizeEntry);
        const playlists = normalizePage(raw, normalizePlaylist);
        if (entries) {
          pagesRead++;
          for (const record of entries.items) {
            assert.equal(typeof record.name, 'string');
            assert.ok(['track', 'episode', 'local', 'removed'].includes(record.kind));
            trackUrl(record);
            trackUri(record);
          }
          assert.ok(Number.isInteger(entries.total) && entries.total >= 0);
        }
        assert.ok(playlists === undefined || Array.isArray(playlists.items));
      }),
      { numRuns: 10_000, seed: 20261122 },
    );
    assert.ok(pagesRead > 1000, `expected many well-formed pages among the generated ones, got ${pagesRead}`);
  });

  describe('artwork from the lists\' own `images`', () => {
    const cover = (size: number | null, url = `https://i.scdn.co/image/${size}`) => ({ url, height: size, width: size });

    it('picks the smallest cover that is at least a row icon (16 px)', () => {
      assert.equal(smallestImageUrl([cover(640), cover(300), cover(64)]), 'https://i.scdn.co/image/64');
      assert.equal(smallestImageUrl([cover(64), cover(640), cover(300)]), 'https://i.scdn.co/image/64', 'whatever the order');
      assert.equal(smallestImageUrl([cover(640), cover(10), cover(60)]), 'https://i.scdn.co/image/60', 'not one too small to see');
      assert.equal(smallestImageUrl([cover(8), cover(12)]), 'https://i.scdn.co/image/12', 'only small ones: the biggest');
    });

    it('takes an unsized cover only when none says its size, and nothing from empty or null images', () => {
      assert.equal(smallestImageUrl([cover(null, 'https://image-cdn-ak.spotifycdn.com/image/x')]), 'https://image-cdn-ak.spotifycdn.com/image/x');
      assert.equal(smallestImageUrl([cover(null, 'https://a.example/unsized'), cover(300)]), 'https://i.scdn.co/image/300');
      for (const none of [[], null, undefined, 'x', [null], [{ url: 42 }], [{ height: 64 }]]) assert.equal(smallestImageUrl(none), undefined, JSON.stringify(none));
    });

    it('accepts only https URLs that cannot break out of a CSS url()', () => {
      for (const bad of ['http://i.scdn.co/image/1', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'https://x.example/a")b', "https://x.example/a'b", 'https://x.example/a b', 'https://x.example/a(b)']) {
        assert.equal(smallestImageUrl([{ url: bad, height: 64, width: 64 }]), undefined, bad);
      }
    });

    it('keeps the cover on playlist, album and show records, which the cache accepts back', () => {
      const images = [cover(640), cover(300), cover(60)];
      const playlist = normalizePlaylist({ id: 'p1', name: 'P', owner: { id: 'u' }, images });
      const album = normalizeAlbum({ added_at: '2026-01-01T00:00:00Z', album: { id: 'a1', name: 'A', artists: [], images } });
      const show = normalizeShow({ added_at: '2026-01-01T00:00:00Z', show: { id: 's1', name: 'S', images } });
      assert.equal(playlist?.imageUrl, 'https://i.scdn.co/image/60');
      assert.equal(album?.imageUrl, 'https://i.scdn.co/image/60');
      assert.equal(show?.imageUrl, 'https://i.scdn.co/image/60');
      const restored = JSON.parse(JSON.stringify({ playlist, album, show })) as Record<string, unknown>;
      assert.ok(isPlaylistRecord(restored.playlist) && isAlbumRecord(restored.album) && isShowRecord(restored.show));
      assert.equal(normalizePlaylist({ id: 'p2', name: 'P', owner: { id: 'u' }, images: null })?.imageUrl, undefined);
      assert.ok(!isPlaylistRecord({ ...playlist, imageUrl: 42 }), 'a cache with a broken cover is not one this version wrote');
    });
  });

  it("keeps a track's ISRC, only a real one, and the cache accepts it back", () => {
    const content = { type: 'track', id: TRACK_ID, name: 'Song', artists: [{ name: 'A' }], duration_ms: 1000, external_ids: { isrc: 'GBAYE0601498', upc: '1' } };
    const withIsrc = normalizeEntry({ added_at: '2026-01-02T00:00:00Z', item: content });
    assert.equal(withIsrc.isrc, 'GBAYE0601498');
    const restored: unknown = JSON.parse(JSON.stringify(withIsrc));
    assert.ok(isTrackRecord(restored));
    assert.deepEqual(restored, JSON.parse(JSON.stringify(withIsrc)));
    assert.equal(restored.isrc, 'GBAYE0601498');
    assert.ok(!isTrackRecord({ ...withIsrc, isrc: 42 }), 'a cache with a broken ISRC is not one this version wrote');
    assert.equal(normalizeAlbumTrack({ ...content, track_number: 3 }).isrc, 'GBAYE0601498', "an album's track");

    for (const external_ids of [undefined, null, {}, { isrc: '' }, { isrc: '   ' }, { isrc: 42 }, 'GBAYE0601498']) {
      const record = normalizeEntry({ item: { ...content, external_ids } });
      assert.equal(record.isrc, undefined, JSON.stringify(external_ids));
      assert.ok(!('isrc' in JSON.parse(JSON.stringify(record))), 'no ISRC: no key in the cache');
    }
    const local = normalizeEntry({ is_local: true, track: { ...content, id: null, uri: 'spotify:local:A::Song:1' } });
    assert.equal(local.isrc, undefined, 'a local file has none');
    assert.ok(!('isrc' in local));
    assert.equal(normalizeEntry({ item: { ...content, type: 'episode' } }).isrc, undefined, 'an episode has none');
  });

  it('counts a track with a restriction and no `is_playable` as unplayable', () => {
    const restricted = normalizeEntry({ track: { type: 'track', id: TRACK_ID, name: 'X', restrictions: { reason: 'market' } } });
    assert.equal(restricted.playable, false);
    assert.equal(restricted.restriction, 'market');
    const plain = normalizeEntry({ track: { type: 'track', id: TRACK_ID, name: 'X' } });
    assert.equal(plain.playable, undefined, 'no restriction and no is_playable says nothing');
  });
});
