// @spotify/web-api-ts-sdk as its README shows it: SpotifyApi.withAccessToken, then one call per page,
// 50 at a time, sequentially. Its SdkOptions accept a custom `fetch`: the only change is that this
// fetch rewrites https://api.spotify.com/v1 to the fake. The SDK's code is untouched.
import { SpotifyApi, type AccessToken } from '@spotify/web-api-ts-sdk';
import type { BenchToken } from '../token';
import { SDK_PAGE_SIZE, sdkCase, type BenchCase, type CaseContext, type CaseId, type Peer } from './peer';

const SPOTIFY_API = 'https://api.spotify.com/v1';

export class TsSdkPeer implements Peer {
  readonly id = 'ts-sdk' as const;
  readonly label = '@spotify/web-api-ts-sdk 1.2.0';
  readonly legacyTracksAlias = true;
  readonly pointedAtFake: string;
  /** Requests that went through the rewriting fetch (a cross-check of the fake's count). */
  rewritten = 0;

  constructor(
    private readonly apiUrl: string,
    private readonly clientId: string,
    private readonly token: BenchToken,
  ) {
    this.pointedAtFake = `SdkOptions.fetch: a fetch that rewrites ${SPOTIFY_API} -> ${apiUrl} (no other change)`;
  }

  /** A new SDK instance, as after a restart: it keeps nothing between runs. */
  private sdk(): SpotifyApi {
    const fetchToFake = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith(SPOTIFY_API)) throw new Error(`unexpected request outside the Web API: ${url}`);
      this.rewritten++;
      return fetch(this.apiUrl + url.slice(SPOTIFY_API.length), init);
    };
    const token: AccessToken = { ...this.token, refresh_token: this.token.refresh_token ?? '' };
    return SpotifyApi.withAccessToken(this.clientId, token, { fetch: fetchToFake });
  }

  async warmUp(context: CaseContext): Promise<void> {
    const sdk = this.sdk();
    const me = await sdk.currentUser.profile();
    if (!me?.id) throw new Error('ts-sdk: /me returned no id');
    await sdk.currentUser.tracks.savedTracks(SDK_PAGE_SIZE, 0);
    await sdk.currentUser.tracks.savedTracks(SDK_PAGE_SIZE, SDK_PAGE_SIZE);
    await sdk.currentUser.playlists.playlists(SDK_PAGE_SIZE, 0);
    await sdk.playlists.getPlaylistItems(context.playlistId, undefined, undefined, SDK_PAGE_SIZE, 0);
  }

  makeCase(id: CaseId, context: CaseContext): BenchCase {
    return sdkCase(id, context, () => {
      const sdk = this.sdk();
      return {
        likedPage: (offset) => sdk.currentUser.tracks.savedTracks(SDK_PAGE_SIZE, offset),
        playlistsPage: (offset) => sdk.currentUser.playlists.playlists(SDK_PAGE_SIZE, offset),
        playlistItemsPage: (playlistId, offset) => sdk.playlists.getPlaylistItems(playlistId, undefined, undefined, SDK_PAGE_SIZE, offset),
      };
    });
  }

  async dispose(): Promise<void> {}
}
