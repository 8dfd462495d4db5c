// spotify-web-api-node as its README shows it: new SpotifyWebApi({accessToken}), then one call per
// page, 50 at a time, sequentially. It has no option for the API host, so the benchmark process
// redirects node:https requests for api.spotify.com to the fake (interceptHttps.ts); the library's
// code is untouched.
import SpotifyWebApi = require('spotify-web-api-node');
import { interceptSpotifyApi, type HttpsInterception } from '../interceptHttps';
import type { BenchToken } from '../token';
import { SDK_PAGE_SIZE, type BenchCase, type CaseContext, type CaseId, type Peer } from './peer';

export class WebApiNodePeer implements Peer {
  readonly id = 'web-api-node' as const;
  readonly label = 'spotify-web-api-node 5.0.2';
  readonly legacyTracksAlias = true;
  readonly pointedAtFake: string;
  private readonly interception: HttpsInterception;

  constructor(
    fakeUrl: string,
    private readonly token: BenchToken,
  ) {
    this.interception = interceptSpotifyApi(fakeUrl);
    this.pointedAtFake = `no host option (webapi-request.js hard-codes https://api.spotify.com:443); node:https.request is wrapped in the bench process so requests for api.spotify.com go to ${fakeUrl} over http, everything else untouched`;
  }

  get redirected(): number {
    return this.interception.redirected;
  }

  private api(): SpotifyWebApi {
    return new SpotifyWebApi({ accessToken: this.token.access_token });
  }

  async warmUp(context: CaseContext): Promise<void> {
    const api = this.api();
    const me = await api.getMe();
    if (!me.body.id) throw new Error('web-api-node: /me returned no id');
    await api.getMySavedTracks({ limit: SDK_PAGE_SIZE, offset: 0 });
    await api.getMySavedTracks({ limit: SDK_PAGE_SIZE, offset: SDK_PAGE_SIZE });
    await api.getUserPlaylists({ limit: SDK_PAGE_SIZE, offset: 0 });
    await api.getPlaylistTracks(context.playlistId, { limit: SDK_PAGE_SIZE, offset: 0 });
  }

  makeCase(id: CaseId, context: CaseContext): BenchCase {
    switch (id) {
      case 'firstPageCold':
      case 'firstPageWarm': // nothing persists between runs: a restart is a cold start again
        return {
          run: async () => {
            const page = (await this.api().getMySavedTracks({ limit: SDK_PAGE_SIZE, offset: 0 })).body;
            return { items: page.items.length, keep: page.items };
          },
        };
      case 'liked1000':
      case 'liked10000':
        return {
          run: async () => {
            const api = this.api();
            const liked = await allPages((offset) => api.getMySavedTracks({ limit: SDK_PAGE_SIZE, offset }));
            return { items: liked.length, keep: liked };
          },
        };
      case 'playlist5000':
        return {
          run: async () => {
            const api = this.api();
            const entries = await allPages((offset) => api.getPlaylistTracks(context.playlistId, { limit: SDK_PAGE_SIZE, offset }));
            return { items: entries.length, keep: entries };
          },
        };
      case 'resync':
      case 'newLikes':
        return {
          prepare: id === 'newLikes' ? async () => void (await context.fake.like(3)) : undefined,
          run: async () => {
            const api = this.api();
            const liked = await allPages((offset) => api.getMySavedTracks({ limit: SDK_PAGE_SIZE, offset }));
            const playlists = id === 'resync' ? await allPages((offset) => api.getUserPlaylists({ limit: SDK_PAGE_SIZE, offset })) : [];
            return {
              items: liked.length + playlists.length,
              keep: { liked, playlists },
              note: id === 'resync' ? `${liked.length} liked + ${playlists.length} playlists re-downloaded` : `${liked.length} liked re-downloaded`,
            };
          },
        };
    }
  }

  async dispose(): Promise<void> {
    this.interception.uninstall();
  }
}

type PageResponse = { body: { items: unknown[]; next: string | null } };

async function allPages(page: (offset: number) => Promise<PageResponse>): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let offset = 0; ; offset += SDK_PAGE_SIZE) {
    const { body } = await page(offset);
    items.push(...body.items);
    if (!body.next || body.items.length === 0) return items;
  }
}
