/**
 * The slim records the tree shows. They keep only what the view displays or links to, so an
 * 8,000-song library stays small in memory; canonical links are derived from the id on demand.
 */
export type TrackKind = 'track' | 'episode' | 'local' | 'removed';

export interface TrackRecord {
  readonly kind: TrackKind;
  /** Spotify id; undefined for local files and removed entries. */
  readonly id?: string;
  readonly name: string;
  /** Artists joined with ", ", or the show's name for an episode. */
  readonly byline: string;
  readonly album?: string;
  readonly durationMs?: number;
  readonly explicit?: boolean;
  /** ISO timestamp of when it was liked or added to the playlist. */
  readonly addedAt?: string;
  /** false when Spotify says it cannot be played in the user's market; undefined when unknown. */
  readonly playable?: boolean;
  readonly restriction?: string;
  /**
   * A track's ISRC (`external_ids.isrc`): one recording released on a single and an album has two
   * URIs and this one code, which is how Clean Up tells them apart from a cover. Absent when unknown.
   */
  readonly isrc?: string;
  /** Only set when Spotify's link is not the canonical one derived from the id. */
  readonly link?: string;
  /** Only set when the URI is not the canonical one derived from the id (local files). */
  readonly uriOverride?: string;
  /** An album's track: its disc and its number on that disc. */
  readonly disc?: number;
  readonly number?: number;
  /** An episode's release date (YYYY, YYYY-MM or YYYY-MM-DD) and, with the scope, where the user left off. */
  readonly releaseDate?: string;
  readonly resumeMs?: number;
  readonly played?: boolean;
}

/** A saved album (or one of an artist's). Its first page of tracks comes with it from /me/albums. */
export interface AlbumRecord {
  readonly id: string;
  readonly name: string;
  /** Artists joined with ", ". */
  readonly byline: string;
  readonly releaseDate?: string;
  readonly totalTracks?: number;
  readonly addedAt?: string;
  /** The inline first page of tracks (absent for an artist's albums: Spotify sends none there). */
  readonly firstTracks?: TrackRecord[];
  /** The smallest cover Spotify sent with the list (https), shown as the row's icon; absent when there is none. */
  readonly imageUrl?: string;
}

export interface ArtistRecord {
  readonly id: string;
  readonly name: string;
  readonly genres?: string;
}

export interface ShowRecord {
  readonly id: string;
  readonly name: string;
  readonly totalEpisodes?: number;
  readonly addedAt?: string;
  /** The smallest cover Spotify sent with the list (https), shown as the row's icon; absent when there is none. */
  readonly imageUrl?: string;
}

export interface PlaylistRecord {
  readonly id: string;
  readonly name: string;
  readonly ownerId?: string;
  readonly ownerName: string;
  readonly collaborative: boolean;
  /** Spotify's `public`: shown on the user's profile; undefined when not said. */
  readonly isPublic?: boolean;
  /** The playlist's description as Spotify sends it (may hold HTML entities); absent when empty. */
  readonly description?: string;
  /** Number of entries; undefined when Spotify did not say. */
  readonly total?: number;
  readonly snapshotId?: string;
  readonly link?: string;
  /** The smallest cover Spotify sent with the list (https), shown as the row's icon; absent when there is none. */
  readonly imageUrl?: string;
}

export interface PageResult<T> {
  readonly items: T[];
  readonly total: number;
  readonly offset: number;
  /** Cursor paging: where the next page starts (`after`); absent on the last page and for offset paging. */
  readonly after?: string;
}

/** Open in Spotify and the copy commands for an album, artist, show or episode. */
export function spotifyLinkOf(kind: 'album' | 'artist' | 'show' | 'episode', id: string): { url: string; uri: string } {
  return { url: `https://open.spotify.com/${kind}/${id}`, uri: `spotify:${kind}:${id}` };
}

export function albumKey(album: AlbumRecord): string {
  return `${album.id}|${album.addedAt ?? ''}`;
}

export function idKey(record: { id: string }): string {
  return record.id;
}

export const LIKED_SONGS_URL = 'https://open.spotify.com/collection/tracks';
export const LIKED_SONGS_URI = 'spotify:collection:tracks';

export function trackUrl(track: TrackRecord): string | undefined {
  if (track.link) return track.link;
  if (!track.id || (track.kind !== 'track' && track.kind !== 'episode')) return undefined;
  return `https://open.spotify.com/${track.kind}/${track.id}`;
}

export function trackUri(track: TrackRecord): string | undefined {
  if (track.uriOverride) return track.uriOverride;
  if (!track.id || (track.kind !== 'track' && track.kind !== 'episode')) return undefined;
  return `spotify:${track.kind}:${track.id}`;
}

export function playlistUrl(playlist: PlaylistRecord): string {
  return playlist.link ?? `https://open.spotify.com/playlist/${playlist.id}`;
}

export function playlistUri(playlist: PlaylistRecord): string {
  return `spotify:playlist:${playlist.id}`;
}

/** A key that tells two entries of one list apart, used to merge pages without gaps or duplicates. */
export function trackKey(track: TrackRecord): string {
  return `${track.id ?? track.uriOverride ?? track.name}|${track.addedAt ?? ''}`;
}
