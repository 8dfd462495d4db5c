import { BadResponseError, NotFoundError } from '../api/errors';
import type { RequestOptions, SpotifyClient } from '../api/spotifyClient';
import { normalizeAlbum, normalizeAlbumTrack, normalizeArtist, normalizeCursorPage, normalizeEntry, normalizeEpisode, normalizePage, normalizePlaylist, normalizeShow, normalizeUser } from './normalize';
import type { AlbumRecord, ArtistRecord, PageResult, PlaylistRecord, ShowRecord, TrackRecord } from './records';
import type { SearchKind, SearchPages } from './catalogSearch';

/**
 * Only what the tree shows or links to; Spotify's full track objects are several times larger.
 * Links are rebuilt from the id, so `external_urls` is not asked for; the ISRC is, as Clean Up
 * finds the same recording under two URIs by it.
 */
const CONTENT_FIELDS = 'type,id,name,uri,duration_ms,explicit,is_local,is_playable,restrictions,external_ids(isrc),artists(name),album(name),show(name)';
/** `/items` entries carry the content as `item`, older ones only as `track`: both are asked for, so one request reads any mix. */
export const PLAYLIST_ITEM_FIELDS = `total,limit,offset,items(added_at,is_local,item(${CONTENT_FIELDS}),track(${CONTENT_FIELDS}))`;
/** Older entries carry only `track`; `/tracks` has only `track`. */
export const PLAYLIST_TRACK_FIELDS = `total,limit,offset,items(added_at,is_local,track(${CONTENT_FIELDS}))`;

const CONTAINS_BATCH = 40;

export interface LibraryApiSettings {
  market: string;
}

/**
 * Spotify's library endpoints, answering in the tree's records. Page URLs are built from offsets
 * (Spotify's `next` links drop `additional_types=episode`).
 */
export class LibraryApi {
  /** Set once a server answers that `/items` does not exist; then `/tracks` is used. */
  #itemsEndpointMissing = false;

  readonly #client: SpotifyClient;
  readonly #settings: () => LibraryApiSettings;

  constructor(
    client: SpotifyClient,
    settings: () => LibraryApiSettings,
  ) {
    this.#client = client;
    this.#settings = settings;
  }

  /** A new session may be on another server: ask /items again before falling back. */
  forgetMissingEndpoints(): void {
    this.#itemsEndpointMissing = false;
  }

  async me(options?: RequestOptions): Promise<{ id: string; displayName: string }> {
    const user = normalizeUser(await this.#client.getJson('/me', options));
    if (!user) throw new BadResponseError();
    return user;
  }

  likedTracks(offset: number, limit: number, options?: RequestOptions): Promise<PageResult<TrackRecord>> {
    return this.#page(`/me/tracks?${this.#query({ offset, limit })}`, normalizeEntry, options);
  }

  playlists(offset: number, limit: number, options?: RequestOptions): Promise<PageResult<PlaylistRecord>> {
    return this.#page(`/me/playlists?${new URLSearchParams({ offset: String(offset), limit: String(limit) })}`, normalizePlaylist, options);
  }

  /** The playlist's snapshot_id on Spotify now: the one cheap read that tells a write whether its base is current. */
  async playlistSnapshotId(playlistId: string, options?: RequestOptions): Promise<string | undefined> {
    const raw = (await this.#client.getJson(`/playlists/${encodeURIComponent(playlistId)}?fields=snapshot_id`, options)) as { snapshot_id?: unknown } | null;
    return typeof raw?.snapshot_id === 'string' ? raw.snapshot_id : undefined;
  }

  /** A song's album and artists, for Go to Album / Go to Artist on a row that knows only their names (one request). */
  async trackContext(trackId: string, options?: RequestOptions): Promise<{ album?: AlbumRecord; artists: ArtistRecord[] }> {
    const raw = (await this.#client.getJson(`/tracks/${encodeURIComponent(trackId)}`, options)) as { album?: unknown; artists?: unknown } | null;
    const artists = Array.isArray(raw?.artists) ? raw.artists.flatMap((artist: unknown) => normalizeArtist(artist) ?? []) : [];
    return { album: normalizeAlbum(raw?.album), artists };
  }

  /** An episode's podcast, for Go to Podcast (one request). */
  async episodeShow(episodeId: string, options?: RequestOptions): Promise<ShowRecord | undefined> {
    const raw = (await this.#client.getJson(`/episodes/${encodeURIComponent(episodeId)}`, options)) as { show?: unknown } | null;
    return normalizeShow(raw?.show);
  }

  /**
   * One song or episode by its URI (Spotify has no several-at-once form any more): what a pasted
   * link in a playlist document shows once saved. Undefined for a URI that names neither.
   */
  async item(uri: string, options?: RequestOptions): Promise<TrackRecord | undefined> {
    const match = /^spotify:(track|episode):([0-9A-Za-z]{22})$/.exec(uri);
    if (!match) return undefined;
    const market = this.#settings().market;
    const query = market ? `?${new URLSearchParams({ market })}` : '';
    const raw = await this.#client.getJson(`/${match[1]}s/${match[2]}${query}`, options);
    const record = normalizeEntry({ item: raw });
    return record.kind === 'removed' ? undefined : record;
  }

  async playlistItems(playlistId: string, offset: number, limit: number, options?: RequestOptions): Promise<PageResult<TrackRecord>> {
    const id = encodeURIComponent(playlistId);
    const params = { offset, limit, additional_types: 'track,episode' };
    if (!this.#itemsEndpointMissing) {
      try {
        return await this.#page(`/playlists/${id}/items?${this.#query({ ...params, fields: PLAYLIST_ITEM_FIELDS })}`, normalizeEntry, options);
      } catch (error) {
        if (!(error instanceof NotFoundError) || !error.endpointMissing) throw error;
        this.#itemsEndpointMissing = true;
      }
    }
    return this.#page(`/playlists/${id}/tracks?${this.#query({ ...params, fields: PLAYLIST_TRACK_FIELDS })}`, normalizeEntry, options);
  }

  /** Saved albums, newest first; each carries its first page of tracks (no `fields` filter here). */
  savedAlbums(offset: number, limit: number, options?: RequestOptions): Promise<PageResult<AlbumRecord>> {
    return this.#page(`/me/albums?${this.#query({ offset, limit })}`, normalizeAlbum, options);
  }

  albumTracks(albumId: string, offset: number, limit: number, options?: RequestOptions): Promise<PageResult<TrackRecord>> {
    return this.#page(`/albums/${encodeURIComponent(albumId)}/tracks?${this.#query({ offset, limit })}`, normalizeAlbumTrack, options);
  }

  /** Followed artists: cursor paging (`after` = the last artist id of the page before). */
  async followedArtists(after: string | undefined, offset: number, limit: number, options?: RequestOptions): Promise<PageResult<ArtistRecord>> {
    const search = new URLSearchParams({ type: 'artist', limit: String(limit) });
    if (after) search.set('after', after);
    const page = normalizeCursorPage(await this.#client.getJson(`/me/following?${search}`, options), 'artists', offset, normalizeArtist);
    if (!page) throw new BadResponseError();
    return page;
  }

  artistAlbums(artistId: string, offset: number, limit: number, options?: RequestOptions): Promise<PageResult<AlbumRecord>> {
    const search = new URLSearchParams({ offset: String(offset), limit: String(limit), include_groups: 'album,single,compilation' });
    return this.#page(`/artists/${encodeURIComponent(artistId)}/albums?${search}`, normalizeAlbum, options);
  }

  savedShows(offset: number, limit: number, options?: RequestOptions): Promise<PageResult<ShowRecord>> {
    return this.#page(`/me/shows?${new URLSearchParams({ offset: String(offset), limit: String(limit) })}`, normalizeShow, options);
  }

  showEpisodes(showId: string, offset: number, limit: number, options?: RequestOptions): Promise<PageResult<TrackRecord>> {
    return this.#page(`/shows/${encodeURIComponent(showId)}/episodes?${this.#query({ offset, limit })}`, normalizeEpisode, options);
  }

  savedEpisodes(offset: number, limit: number, options?: RequestOptions): Promise<PageResult<TrackRecord>> {
    return this.#page(`/me/episodes?${this.#query({ offset, limit })}`, normalizeEpisode, options);
  }

  /** Whether each URI is saved (liked, followed), 40 a call (Spotify's most). */
  async libraryContains(uris: readonly string[], options?: RequestOptions): Promise<Map<string, boolean>> {
    const answer = new Map<string, boolean>();
    for (let start = 0; start < uris.length; start += CONTAINS_BATCH) {
      const batch = uris.slice(start, start + CONTAINS_BATCH);
      const raw = await this.#client.getJson(`/me/library/contains?${new URLSearchParams({ uris: batch.join(',') })}`, options);
      if (!Array.isArray(raw) || raw.length !== batch.length) throw new BadResponseError();
      batch.forEach((uri, i) => answer.set(uri, raw[i] === true));
    }
    return answer;
  }

  #query(params: { offset: number; limit: number; fields?: string; additional_types?: string }): string {
    const search = new URLSearchParams({ offset: String(params.offset), limit: String(params.limit) });
    const market = this.#settings().market;
    if (market) search.set('market', market);
    if (params.fields) search.set('fields', params.fields);
    if (params.additional_types) search.set('additional_types', params.additional_types);
    return search.toString();
  }

  /**
   * GET /search: one request for every kind asked, each a page of `limit` (Spotify allows 10 at
   * most in development mode) from `offset`. Kinds Spotify leaves out of its answer come back empty.
   */
  async search(query: string, kinds: readonly SearchKind[], offset: number, limit: number, options?: RequestOptions): Promise<SearchPages> {
    const params = new URLSearchParams({ q: query, type: kinds.join(','), offset: String(offset), limit: String(limit) });
    const market = this.#settings().market;
    if (market) params.set('market', market);
    const raw = (await this.#client.getJson(`/search?${params}`, options)) as Record<string, unknown> | null;
    if (typeof raw !== 'object' || raw === null) throw new BadResponseError();
    const normalizers: Record<SearchKind, (item: unknown) => unknown> = {
      // Search answers bare track objects; normalizeEntry reads them as an entry's content. Unreadable ones are left out.
      track: (item) => keepPlayable(normalizeEntry({ track: item })),
      album: normalizeAlbum,
      artist: normalizeArtist,
      // Spotify answers `null` for playlists a development-mode app may not see: left out, still counted in total.
      playlist: normalizePlaylist,
      show: normalizeShow,
      episode: (item) => keepPlayable(normalizeEpisode(item)),
    };
    const pages: Record<string, PageResult<unknown>> = {};
    for (const kind of kinds) {
      const answer = raw[`${kind}s`];
      const page = answer === undefined ? { items: [], total: 0, offset } : normalizePage(answer, normalizers[kind]);
      if (!page) throw new BadResponseError();
      pages[kind] = page;
    }
    return pages;
  }

  async #page<T>(path: string, normalizeItem: (raw: unknown) => T | undefined, options?: RequestOptions): Promise<PageResult<T>> {
    return this.#normalized(await this.#client.getJson(path, options), normalizeItem);
  }

  #normalized<T>(raw: unknown, normalizeItem: (raw: unknown) => T | undefined): PageResult<T> {
    const page = normalizePage(raw, normalizeItem);
    if (!page) throw new BadResponseError();
    return page;
  }
}

function keepPlayable(record: TrackRecord | undefined): TrackRecord | undefined {
  return record && (record.kind === 'track' || record.kind === 'episode') ? record : undefined;
}
