// spotify-web-api-node as its README shows it: new SpotifyWebApi({accessToken}), then one call per
// page, 50 at a time, sequentially. It has no option for the API host, so the benchmark process
// redirects node:https requests for api.spotify.com to the fake (interceptHttps.ts); the library's
// code is untouched.
import SpotifyWebApi = require('spotify-web-api-node');
import { interceptSpotifyApi, type HttpsInterception } from '../interceptHttps';
import type { BenchToken } from '../token';
import { SDK_PAGE_SIZE, sdkCase, type BenchCase, type CaseContext, type CaseId, type Peer } from './peer';

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
    return sdkCase(id, context, () => {
      const api = this.api();
      return {
        likedPage: async (offset) => (await api.getMySavedTracks({ limit: SDK_PAGE_SIZE, offset })).body,
        playlistsPage: async (offset) => (await api.getUserPlaylists({ limit: SDK_PAGE_SIZE, offset })).body,
        playlistItemsPage: async (playlistId, offset) => (await api.getPlaylistTracks(playlistId, { limit: SDK_PAGE_SIZE, offset })).body,
      };
    });
  }

  async dispose(): Promise<void> {
    this.interception.uninstall();
  }
}
