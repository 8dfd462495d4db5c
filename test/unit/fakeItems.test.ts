import * as assert from 'node:assert/strict';
import { BIG_SPECIALS, EDGE_CASES, EDGE_NAMES, FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { FakeSpotify, startFakeSpotify } from '../fake-spotify/server';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('fake Spotify: single items (/tracks/{id}, /episodes/{id}, /artists/{id})', function () {
  let fake: FakeSpotify;
  let token: string;

  before(async () => {
    fake = await startFakeSpotify({ liked: 100, playlists: 5 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.reset();
    token = fake.state.issueTokens().access_token;
  });

  const api = (path: string) => fetch(fake.apiUrl + path, { headers: { authorization: `Bearer ${token}` } });
  const apiJson = async (path: string): Promise<Obj> => {
    const res = await api(path);
    assert.equal(res.status, 200, `${path} -> ${res.status}`);
    return (await res.json()) as Obj;
  };

  it('serves a liked track, a playlist entry and an episode by id in the shape the lists carry', async () => {
    const liked = (await apiJson('/me/tracks?limit=1&offset=3')).items[0].track;
    const single = await apiJson(`/tracks/${liked.id}`);
    assert.deepEqual(single, liked);
    const withMarket = await apiJson(`/tracks/${liked.id}?market=from_token`);
    assert.equal(typeof withMarket.is_playable, 'boolean');

    const edge = await apiJson(`/playlists/${FIXTURE_PLAYLISTS.edgeCases}/items?limit=50&additional_types=track,episode`);
    const episode = edge.items[EDGE_CASES.episode].item;
    const singleEpisode = await apiJson(`/episodes/${episode.id}`);
    assert.equal(singleEpisode.name, EDGE_NAMES.episode);
    assert.equal(singleEpisode.show.name, EDGE_NAMES.show);
    assert.equal(singleEpisode.type, 'episode');

    const big = await apiJson(`/playlists/${FIXTURE_PLAYLISTS.big5000}/items?limit=50&offset=0`);
    assert.equal(big.items[BIG_SPECIALS.lineBreak.position].item.name, BIG_SPECIALS.lineBreak.name);
    assert.equal((await apiJson(`/tracks/${big.items[BIG_SPECIALS.formula.position].item.id}`)).name, BIG_SPECIALS.formula.name);

    const artist = await apiJson(`/artists/${liked.artists[0].id}`);
    assert.deepEqual([artist.name, artist.type, artist.uri], [liked.artists[0].name, 'artist', `spotify:artist:${liked.artists[0].id}`]);
  });

  it('answers 404 for an unknown id, 400 for a malformed one, and finds tracks added later', async () => {
    const unknown = await api('/tracks/0000000000000000000000');
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as Obj).error.message, 'Resource not found');
    assert.equal((await api('/episodes/0000000000000000000000')).status, 404);
    assert.equal((await api('/artists/0000000000000000000000')).status, 404);
    const malformed = await api('/tracks/not-an-id');
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as Obj).error.message, 'Invalid base62 id');
    assert.equal((await api('/tracks/short')).status, 400);

    fake.state.library.like(1);
    const fresh = (await apiJson('/me/tracks?limit=1')).items[0].track;
    assert.equal((await apiJson(`/tracks/${fresh.id}`)).id, fresh.id, 'a like after the first lookup is found too');
    const stats = fake.state.stats();
    assert.equal(stats.byRoute['/v1/tracks/{id}'], 4, 'counted under one route');
  });
});
