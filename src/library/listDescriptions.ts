import type { RequestOptions } from '../api/spotifyClient';
import { RESUME_POINT_SCOPE, SECTION_INFO, type SectionId } from '../common/sections';
import { isAlbumRecord, isArtistRecord, isPlaylistRecord, isShowRecord, isTrackRecord } from './cachedLibrary';
import type { LibraryApi } from './libraryApi';
import type { PagedListSnapshot } from './pagedList';
import { type AlbumRecord, albumKey, type ArtistRecord, idKey, type PageResult, type PlaylistRecord, type ShowRecord, type TrackRecord, trackKey } from './records';

/** Where a page starts: an offset, and for cursor paging the cursor that leads there. */
export interface PagePosition {
  readonly offset: number;
  readonly limit: number;
  /** Cursor paging only: Spotify's `after` for this page (absent for the first). */
  readonly after?: string;
}

/**
 * How one kind of list is read, kept fresh and cached: every section and every list under a row
 * (an album's tracks, an artist's albums, a show's episodes) is one of these. The model turns a
 * description into a PagedList; the view never sees the endpoint.
 */
export interface ListDescription<T, Parent = void> {
  /** `offset`: pages at offsets; `cursor`: each page names where the next starts (`after`). */
  readonly paging: 'offset' | 'cursor';
  fetchPage(api: LibraryApi, parent: Parent, position: PagePosition, request: RequestOptions): Promise<PageResult<T>>;
  /** Tells entries apart across pages (revalidation, duplicates). */
  readonly keyOf: (item: T) => string;
  /**
   * `newestFirst`: new entries are fetched from the top until a known one (three new saves, one request);
   * `firstPage`: unchanged when the first page and the total are (a cursor list cannot jump ahead);
   * `reload`: the loaded pages are read again (the playlists' snapshot_ids must be seen).
   */
  readonly revalidation: 'newestFirst' | 'firstPage' | 'reload';
  /** Checks a cached entry deeply enough that restoring it cannot throw later. */
  readonly isItem: (value: unknown) => boolean;
  /** Scopes the session needs before a request is worth making. */
  readonly scopes: readonly string[];
  /** Scopes that add detail (resume points): without them the list loads, and the node offers Grant Access. */
  readonly extraScopes?: readonly string[];
  /** The first page when the parent already carries it (a saved album's tracks): no request. */
  seed?(parent: Parent): PagedListSnapshot<T> | undefined;
}

type Sections = { [K in SectionId]: ListDescription<SectionItem<K>> };
export type SectionItem<K extends SectionId> = K extends 'liked' | 'episodes'
  ? TrackRecord
  : K extends 'playlists'
    ? PlaylistRecord
    : K extends 'albums'
      ? AlbumRecord
      : K extends 'artists'
        ? ArtistRecord
        : ShowRecord;

/** The roots. A seventh section is one entry here (and in SECTION_INFO) plus a node file for its rows. */
export const SECTION_LISTS: Sections = {
  liked: {
    paging: 'offset',
    fetchPage: (api, _, { offset, limit }, request) => api.likedTracks(offset, limit, request),
    // A song is liked once: its id alone, so a like shown before Spotify's added_at came still matches it.
    keyOf: (track) => track.id ?? trackKey(track),
    revalidation: 'newestFirst',
    isItem: isTrackRecord,
    scopes: SECTION_INFO.liked.scopes,
  },
  playlists: {
    paging: 'offset',
    fetchPage: (api, _, { offset, limit }, request) => api.playlists(offset, limit, request),
    keyOf: idKey,
    revalidation: 'reload',
    isItem: isPlaylistRecord,
    // Reading the list needs none: private ones only show with it.
    scopes: [],
  },
  albums: {
    paging: 'offset',
    fetchPage: (api, _, { offset, limit }, request) => api.savedAlbums(offset, limit, request),
    keyOf: albumKey,
    revalidation: 'newestFirst',
    isItem: isAlbumRecord,
    scopes: SECTION_INFO.albums.scopes,
  },
  artists: {
    paging: 'cursor',
    fetchPage: (api, _, { after, offset, limit }, request) => api.followedArtists(after, offset, limit, request),
    keyOf: idKey,
    revalidation: 'firstPage',
    isItem: isArtistRecord,
    scopes: SECTION_INFO.artists.scopes,
  },
  shows: {
    paging: 'offset',
    fetchPage: (api, _, { offset, limit }, request) => api.savedShows(offset, limit, request),
    keyOf: (show) => `${show.id}|${show.addedAt ?? ''}`,
    revalidation: 'newestFirst',
    isItem: isShowRecord,
    scopes: SECTION_INFO.shows.scopes,
  },
  episodes: {
    paging: 'offset',
    fetchPage: (api, _, { offset, limit }, request) => api.savedEpisodes(offset, limit, request),
    keyOf: trackKey,
    revalidation: 'newestFirst',
    isItem: isTrackRecord,
    scopes: SECTION_INFO.episodes.scopes,
    extraScopes: [RESUME_POINT_SCOPE],
  },
};

/** The lists under a row. */
export const CHILD_LISTS = {
  /** An album's tracks in disc/track order; a saved album brings the first page along. */
  albumTracks: {
    paging: 'offset',
    fetchPage: (api, album, { offset, limit }, request) => api.albumTracks(album.id, offset, limit, request),
    keyOf: (track) => `${track.id ?? track.name}|${track.disc ?? ''}|${track.number ?? ''}`,
    revalidation: 'reload',
    isItem: isTrackRecord,
    scopes: [],
    seed: (album) =>
      album.firstTracks ? { items: album.firstTracks, total: album.totalTracks ?? album.firstTracks.length, nextOffset: album.firstTracks.length } : undefined,
  } satisfies ListDescription<TrackRecord, AlbumRecord>,
  /** Where Spotify still answers for dev-mode apps; a refusal shows on the artist. */
  artistAlbums: {
    paging: 'offset',
    fetchPage: (api, artist, { offset, limit }, request) => api.artistAlbums(artist.id, offset, limit, request),
    keyOf: albumKey,
    revalidation: 'reload',
    isItem: isAlbumRecord,
    scopes: [],
  } satisfies ListDescription<AlbumRecord, ArtistRecord>,
  /** A show's episodes, newest first. */
  showEpisodes: {
    paging: 'offset',
    fetchPage: (api, show, { offset, limit }, request) => api.showEpisodes(show.id, offset, limit, request),
    keyOf: trackKey,
    revalidation: 'newestFirst',
    isItem: isTrackRecord,
    scopes: [],
    extraScopes: [RESUME_POINT_SCOPE],
  } satisfies ListDescription<TrackRecord, ShowRecord>,
};

export type ChildListKind = keyof typeof CHILD_LISTS;
