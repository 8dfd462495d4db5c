import * as assert from 'node:assert/strict';
import { trackUrl } from '../../src/library/records';
import { EDGE_CASES, FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { type FakeSpotify, startFakeSpotify } from '../fake-spotify/server';
import { apiStack, control, MemorySessionStore, signInToFake } from './support/fakeSession';

interface LogEntry {
  path: string;
  query: Record<string, string>;
}

describe('LibraryApi against the fake Spotify', () => {
  let fake: FakeSpotify;
  before(async () => {
    fake = await startFakeSpotify({ liked: 120, playlists: 3 });
  });
  after(() => fake.close());

  async function api() {
    return apiStack(fake.url, new MemorySessionStore(await signInToFake(fake.url))).api;
  }

  it('asks /items for each entry once, filtered to what the tree shows', async () => {
    const library = await api();
    await control(fake.url, '/__fake/log/clear', {});
    const page = await library.playlistItems(FIXTURE_PLAYLISTS.owned120, 0, 50);
    const log = (await control(fake.url, '/__fake/log')) as LogEntry[];
    assert.equal(page.items.length, 50);
    assert.equal(log.length, 1);
    assert.equal(log[0].path, `/v1/playlists/${FIXTURE_PLAYLISTS.owned120}/items`);
    assert.equal(log[0].query.additional_types, 'track,episode');
    assert.equal(log[0].query.market, 'from_token');
    assert.match(log[0].query.fields, /^total,limit,offset,items\(added_at,is_local,item\(/);
    assert.match(log[0].query.fields, /,track\(/, 'older entries carry only `track`: asked for in the same request');
    assert.ok(page.items.every((track) => trackUrl(track)?.startsWith('https://open.spotify.com/')));
    const tracks = page.items.filter((track) => track.kind === 'track');
    assert.ok(tracks.length > 0 && tracks.every((track) => track.isrc?.length === 12), 'the ISRC is asked for: Clean Up finds the same recording by it');
  });

  it('reads a page with an older entry (only `track`) in the same one request', async () => {
    const library = await api();
    await control(fake.url, '/__fake/log/clear', {});
    const page = await library.playlistItems(FIXTURE_PLAYLISTS.edgeCases, 0, 50);
    const log = (await control(fake.url, '/__fake/log')) as LogEntry[];
    assert.equal(log.length, 1, 'no second request with another field list');
    const older = page.items[EDGE_CASES.trackOnly];
    assert.equal(older.kind, 'track');
    assert.ok(older.id);
    assert.equal(page.items[EDGE_CASES.local].kind, 'local');
    assert.equal(page.items[EDGE_CASES.nullEntry].kind, 'removed');
    assert.equal(page.items[EDGE_CASES.episode].kind, 'episode');
  });

  it('lists a playlist through /tracks on a server without /items (404 "Service not found"), then asks /tracks directly', async () => {
    const library = await api();
    await control(fake.url, '/__fake/config', { itemsEndpointMissing: true });
    try {
      await control(fake.url, '/__fake/log/clear', {});
      const first = await library.playlistItems(FIXTURE_PLAYLISTS.owned120, 0, 50);
      const second = await library.playlistItems(FIXTURE_PLAYLISTS.owned120, 50, 50);
      const log = (await control(fake.url, '/__fake/log')) as Array<LogEntry & { status: number }>;
      assert.equal(first.items.length, 50);
      assert.equal(second.items.length, 50);
      assert.deepEqual(
        log.map((entry) => `${entry.path.replace(FIXTURE_PLAYLISTS.owned120, '{id}')} ${entry.status}`),
        ['/v1/playlists/{id}/items 404', '/v1/playlists/{id}/tracks 200', '/v1/playlists/{id}/tracks 200'],
      );
      assert.match(log[1].query.fields, /items\(added_at,is_local,track\(/);
      assert.ok(first.items.every((track) => track.kind === 'track' && track.id));
    } finally {
      await control(fake.url, '/__fake/config', { itemsEndpointMissing: false });
    }
  });

  it('still reports a missing playlist (404 "Resource not found") on its node, without trying /tracks', async () => {
    const library = await api();
    await control(fake.url, '/__fake/log/clear', {});
    await assert.rejects(library.playlistItems(FIXTURE_PLAYLISTS.spotifyOwned, 0, 50), (error: Error) => error.name !== undefined && (error as { kind?: string }).kind === 'notFound');
    const log = (await control(fake.url, '/__fake/log')) as LogEntry[];
    assert.deepEqual(log.map((entry) => entry.path), [`/v1/playlists/${FIXTURE_PLAYLISTS.spotifyOwned}/items`]);
  });
});
