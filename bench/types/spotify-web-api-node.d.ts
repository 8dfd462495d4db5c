// The few parts of spotify-web-api-node 5.0.2 the benchmark calls (the package ships no types and
// @types/spotify-web-api-node is not installed). Bodies are Spotify's JSON, typed loosely on purpose.
declare module 'spotify-web-api-node' {
  interface Response<T> {
    body: T;
    headers: Record<string, string>;
    statusCode: number;
  }
  interface PagingObject<T> {
    href: string;
    items: T[];
    limit: number;
    next: string | null;
    offset: number;
    previous: string | null;
    total: number;
  }
  interface PagingOptions {
    limit?: number;
    offset?: number;
    market?: string;
    fields?: string;
  }
  class SpotifyWebApi {
    constructor(credentials?: { accessToken?: string; refreshToken?: string; clientId?: string; clientSecret?: string; redirectUri?: string });
    setAccessToken(accessToken: string): void;
    getMe(): Promise<Response<{ id: string; display_name?: string }>>;
    getMySavedTracks(options?: PagingOptions): Promise<Response<PagingObject<unknown>>>;
    getUserPlaylists(options?: PagingOptions): Promise<Response<PagingObject<unknown>>>;
    getPlaylistTracks(playlistId: string, options?: PagingOptions): Promise<Response<PagingObject<unknown>>>;
  }
  export = SpotifyWebApi;
}
