import * as assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { imageCdnPath } from '../fake-spotify/images';
import { FakeSpotify, startFakeSpotify } from '../fake-spotify/server';

type Image = { url: string; height: number | null; width: number | null };

describe('fake Spotify covers', function () {
  let fake: FakeSpotify;
  let token: string;

  before(async () => {
    fake = await startFakeSpotify({ liked: 10, playlists: 10 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.reset();
    token = fake.state.issueTokens().access_token;
  });

  const playlists = async (): Promise<Array<{ id: string; images: Image[] | null }>> => {
    const res = await fetch(`${fake.apiUrl}/me/playlists?limit=50`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    return ((await res.json()) as { items: Array<{ id: string; images: Image[] | null }> }).items;
  };

  it('lists Spotify\'s image shapes: a 640/300/60 mosaic, one unsized image, none ([] or null)', async () => {
    const byId = new Map((await playlists()).map((playlist) => [playlist.id, playlist.images]));
    const mosaic = byId.get(FIXTURE_PLAYLISTS.owned120)!;
    assert.deepEqual(mosaic.map((image) => [image.width, image.height]), [[640, 640], [300, 300], [60, 60]]);
    for (const image of mosaic) assert.match(image.url, /^https:\/\/mosaic\.scdn\.co\/(640|300|60)\//);
    assert.equal(byId.get(FIXTURE_PLAYLISTS.empty), null);
    const shapes = [...byId.values()].map((images) => (images === null ? 'null' : images.length === 0 ? 'empty' : images[0].width === null ? 'unsized' : 'sized'));
    assert.ok(shapes.includes('sized') && shapes.includes('null'), shapes.join(','));
  });

  it('serves a real PNG for every cover URL it lists, on its CDN stand-in, outside the API', async () => {
    const before = fake.state.stats().apiRequests;
    for (const playlist of await playlists()) {
      for (const image of playlist.images ?? []) {
        const cdnPath = imageCdnPath(image.url);
        assert.ok(cdnPath, `${image.url} is on one of Spotify's image hosts`);
        const res = await fetch(`${fake.url}${cdnPath}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'image/png');
        const png = Buffer.from(await res.arrayBuffer());
        assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
        const size = png.readUInt32BE(16);
        assert.ok(size >= 16 && size <= 64, `a small square (${size} px)`);
        const idat = png.indexOf('IDAT');
        const pixels = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
        assert.equal(pixels.length, size * (1 + size * 3), 'every row of RGB pixels is there');
      }
    }
    assert.equal(fake.state.stats().apiRequests - before, 1, 'covers are no API requests');
    assert.equal(imageCdnPath('https://evil.example/image/x'), undefined, 'only Spotify\'s image hosts');
  });
});
