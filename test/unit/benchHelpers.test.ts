import * as assert from 'node:assert/strict';
import http = require('node:http');
import https = require('node:https');
import type { AddressInfo } from 'node:net';
import { withoutField } from '../../bench/fields';
import { interceptSpotifyApi } from '../../bench/interceptHttps';
import { evaluateTargets, type Diagnostics, type Row } from '../../bench/report';
import { PLAYLIST_ITEM_FIELDS } from '../../src/library/libraryApi';

describe('benchmark helpers', () => {
  describe('interceptSpotifyApi', () => {
    let server: http.Server;
    let url: string;
    const seen: string[] = [];

    before(async () => {
      server = http.createServer((req, res) => {
        seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
        res.end('{"ok":true}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sends api.spotify.com requests to the target over http, path and headers kept, and uninstalls', async () => {
      const original = https.request;
      const interception = interceptSpotifyApi(url);
      try {
        const body = await new Promise<string>((resolve, reject) => {
          const req = https.request({ host: 'api.spotify.com', port: 443, path: '/v1/me/tracks?limit=50', method: 'GET', headers: { Authorization: 'Bearer x' } }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve(text));
          });
          req.on('error', reject);
          req.end();
        });
        assert.equal(body, '{"ok":true}');
        assert.deepEqual(seen, ['GET /v1/me/tracks?limit=50 Bearer x']);
        assert.equal(interception.redirected, 1);
      } finally {
        interception.uninstall();
      }
      assert.equal(https.request, original);
    });

    it('leaves other hosts alone', () => {
      const interception = interceptSpotifyApi(url);
      try {
        const req = https.request({ host: 'accounts.spotify.invalid', port: 443, path: '/', method: 'GET' });
        req.on('error', () => undefined);
        req.destroy();
        assert.equal(interception.redirected, 0);
      } finally {
        interception.uninstall();
      }
    });
  });

  it('withoutField drops a group or a bare name and keeps the rest balanced', () => {
    const itemOnly = withoutField(PLAYLIST_ITEM_FIELDS, 'track');
    assert.ok(!itemOnly.includes(',track('));
    assert.ok(itemOnly.includes('item('));
    assert.equal([...itemOnly].filter((c) => c === '(').length, [...itemOnly].filter((c) => c === ')').length);
    assert.equal(withoutField('a,b(c)', 'track'), 'a,b(c)');
    assert.equal(withoutField('items(id,external_urls,name,external_urls2)', 'external_urls'), 'items(id,name,external_urls2)');
    assert.equal(withoutField('items(a,x(b(c),d),e)', 'x'), 'items(a,e)');
  });

  it('evaluateTargets passes and misses on the numbers', () => {
    const row = (c: Row['case'], peer: Row['peer'], over: Partial<Row>): Row => ({
      case: c,
      peer,
      peerLabel: peer,
      wallMs: 100,
      requests: 1,
      bytesReceived: 0,
      items: 50,
      bytesPerItem: 100,
      heapBytes: 0,
      heapBytesPerItem: 100,
      routes: {},
      clientCpuMs: 0,
      fakeMsPerRequest: null,
      ...over,
    });
    const rows = [
      row('firstPageCold', 'extension', { requests: 1 }),
      row('firstPageWarm', 'extension', { requests: 0 }),
      row('liked10000', 'extension', { wallMs: 2000, requests: 200, heapBytesPerItem: 350, heapBytes: 3_500_000, items: 10000 }),
      row('liked10000', 'ts-sdk', { wallMs: 9000, requests: 200 }),
      row('liked10000', 'web-api-node', { wallMs: 7000, requests: 200 }),
      row('playlist5000', 'extension', { bytesPerItem: 500 }),
      row('playlist5000', 'ts-sdk', { bytesPerItem: 3000 }),
      row('resync', 'extension', { requests: 6, routes: { '/v1/me/tracks': 1, '/v1/me/playlists': 5 } }),
      row('newLikes', 'extension', { requests: 6, routes: { '/v1/me/tracks': 1, '/v1/me/playlists': 5 } }),
    ];
    const diagnostics: Diagnostics = { playlistPage: '', unfilteredTracksEndpoint: 3000, unfilteredItemsEndpoint: 6000, extensionFields: 500, itemOnlyFields: 500, itemOnlyFieldsText: '', itemOnlyNoLinksFields: 400, itemOnlyNoLinksFieldsText: '' };
    const byId = Object.fromEntries(evaluateTargets(rows, { playlists: 207, diagnostics }).map((t) => [t.id, t]));
    assert.equal(byId.firstPageCold.pass, true);
    assert.equal(byId.firstPageWarm.pass, true);
    assert.equal(byId.liked10000Speed.pass, false); // 7000 / 2000 = 3.5x against the faster SDK
    assert.ok(byId.liked10000Speed.why);
    assert.equal(byId.playlistBytes.pass, true); // 3000 / 500 = 6x
    assert.equal(byId.retainedHeap.pass, true);
    assert.equal(byId.resyncRequests.pass, true); // 6 <= 1 + ceil(207/50)
    assert.equal(byId.newLikesRequests.pass, true);
  });
});
