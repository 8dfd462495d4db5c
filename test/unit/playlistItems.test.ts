import * as assert from 'node:assert/strict';
import { LibraryApi } from '../../src/library/libraryApi';
import type { SpotifyClient } from '../../src/api/spotifyClient';

const TRACK_ID = '4uLU6hMCjMI75M1A2tKUQC';

describe('LibraryApi.playlistItems', () => {
  it('reads entries with only `item` and entries with only `track` from one request', async () => {
    const content = (name: string) => ({ type: 'track', id: TRACK_ID, name, uri: `spotify:track:${TRACK_ID}` });
    const asked: string[] = [];
    const client = {
      getJson(path: string): Promise<unknown> {
        asked.push(path);
        return Promise.resolve({ total: 2, limit: 50, offset: 0, items: [{ added_at: null, item: content('New') }, { added_at: null, track: content('Old') }] });
      },
    } as unknown as SpotifyClient;
    const page = await new LibraryApi(client, () => ({ market: 'from_token' })).playlistItems('p1', 0, 50);
    assert.deepEqual(page.items.map((record) => record.name), ['New', 'Old']);
    assert.equal(asked.length, 1, `one request, asked: ${asked.join(' | ')}`);
  });
});
