import { BadResponseError, NotFoundError } from '../api/errors';
import type { RequestOptions, SpotifyClient } from '../api/spotifyClient';
import { normalizeEntry, normalizePage, normalizePlaylist, normalizeUser } from './normalize';
import type { PageResult, PlaylistRecord, TrackRecord } from './records';

/** Only what the tree shows or links to; Spotify's full track objects are several times larger. */
const CONTENT_FIELDS =
  'type,id,name,uri,duration_ms,explicit,is_local,is_playable,restrictions,external_urls,artists(name),album(name),show(name)';
export const PLAYLIST_ITEM_FIELDS = `total,limit,offset,items(added_at,is_local,item(${CONTENT_FIELDS}),track(${CONTENT_FIELDS}))`;

export interface LibraryApiSettings {
  market: string;
}

/**
 * Spotify's library endpoints, answering in the tree's records. Page URLs are built from offsets
 * (Spotify's `next` links drop `additional_types=episode`).
 */
export class LibraryApi {
  /** Set once a server answers that `/items` does not exist; then `/tracks` is used. */
  private itemsEndpointMissing = false;

  constructor(
    private readonly client: SpotifyClient,
    private readonly settings: () => LibraryApiSettings,
  ) {}

  async me(options?: RequestOptions): Promise<{ id: string; displayName: string }> {
    const user = normalizeUser(await this.client.getJson('/me', options));
    if (!user) throw new BadResponseError();
    return user;
  }

  likedTracks(offset: number, limit: number, options?: RequestOptions): Promise<PageResult<TrackRecord>> {
    return this.page(`/me/tracks?${this.query({ offset, limit })}`, normalizeEntry, options);
  }

  playlists(offset: number, limit: number, options?: RequestOptions): Promise<PageResult<PlaylistRecord>> {
    return this.page(`/me/playlists?${new URLSearchParams({ offset: String(offset), limit: String(limit) })}`, normalizePlaylist, options);
  }

  async playlistItems(playlistId: string, offset: number, limit: number, options?: RequestOptions): Promise<PageResult<TrackRecord>> {
    const id = encodeURIComponent(playlistId);
    const query = this.query({ offset, limit, fields: PLAYLIST_ITEM_FIELDS, additional_types: 'track,episode' });
    if (!this.itemsEndpointMissing) {
      try {
        return await this.page(`/playlists/${id}/items?${query}`, normalizeEntry, options);
      } catch (error) {
        if (!(error instanceof NotFoundError) || !error.endpointMissing) throw error;
        this.itemsEndpointMissing = true;
      }
    }
    return this.page(`/playlists/${id}/tracks?${query}`, normalizeEntry, options);
  }

  private query(params: { offset: number; limit: number; fields?: string; additional_types?: string }): string {
    const search = new URLSearchParams({ offset: String(params.offset), limit: String(params.limit) });
    const market = this.settings().market;
    if (market) search.set('market', market);
    if (params.fields) search.set('fields', params.fields);
    if (params.additional_types) search.set('additional_types', params.additional_types);
    return search.toString();
  }

  private async page<T>(path: string, normalizeItem: (raw: unknown) => T | undefined, options?: RequestOptions): Promise<PageResult<T>> {
    const page = normalizePage(await this.client.getJson(path, options), normalizeItem);
    if (!page) throw new BadResponseError();
    return page;
  }
}
