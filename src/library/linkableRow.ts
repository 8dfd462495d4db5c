import { type AlbumRecord, type ArtistRecord, LIKED_SONGS_URI, LIKED_SONGS_URL, type PlaylistRecord, type ShowRecord, type TrackRecord, trackUri, trackUrl } from './records';
import { l10n } from '../common/l10n';

/** The tree's own drag data: the dragged rows as JSON, so a drop can write titles as well as links. */
export const LIBRARY_ROWS_MIME = 'application/vnd.spotify-library.rows+json';

/**
 * What every editor feature (copy, insert, drag, export, hover) needs from a row of the library,
 * whatever its kind: new kinds (album, artist, show...) plug in by producing one of these.
 */
export interface LinkableRow {
  /** `track`, `episode`, `album`, `artist`, `playlist`, `show`, `collection`, `local`, `removed`... */
  readonly kind: string;
  readonly name: string;
  /** The artists of a track or album, the owner of a playlist, the show of an episode. */
  readonly creator?: string;
  /** The album of a track, the show of an episode. */
  readonly collection?: string;
  readonly durationMs?: number;
  /** ISO timestamp of when it was liked or added. */
  readonly addedAt?: string;
  /** https://open.spotify.com/... ; absent for local files and removed entries. */
  readonly link?: string;
  readonly uri?: string;
}

/** A row that can be linked to. */
export type LinkedRow = LinkableRow & { readonly link: string; readonly uri: string };

export function hasLink(row: LinkableRow | undefined): row is LinkedRow {
  return !!row?.link && !!row.uri;
}

export function linkableOfTrack(track: TrackRecord): LinkableRow {
  return {
    kind: track.kind,
    name: track.name,
    creator: track.byline || undefined,
    collection: track.kind === 'episode' ? track.byline || undefined : track.album,
    durationMs: track.durationMs,
    addedAt: track.addedAt,
    link: trackUrl(track),
    uri: trackUri(track),
  };
}

export function linkableOfPlaylist(playlist: PlaylistRecord): LinkableRow {
  return {
    kind: 'playlist',
    name: playlist.name,
    creator: playlist.ownerName,
    link: playlist.link ?? `https://open.spotify.com/playlist/${playlist.id}`,
    uri: `spotify:playlist:${playlist.id}`,
  };
}

export function linkableOfAlbum(album: AlbumRecord): LinkableRow {
  return { kind: 'album', name: album.name, creator: album.byline || undefined, addedAt: album.addedAt, ...linkOfKind('album', album.id) };
}

export function linkableOfArtist(artist: ArtistRecord): LinkableRow {
  return { kind: 'artist', name: artist.name, ...linkOfKind('artist', artist.id) };
}

export function linkableOfShow(show: ShowRecord): LinkableRow {
  return { kind: 'show', name: show.name, addedAt: show.addedAt, ...linkOfKind('show', show.id) };
}

function linkOfKind(kind: string, id: string): { link: string; uri: string } {
  return { link: `https://open.spotify.com/${kind}/${id}`, uri: `spotify:${kind}:${id}` };
}

/** Liked Songs as a row; its name is worded when read, so it follows the display language. */
export const LIKED_SONGS_ROW: LinkableRow = {
  kind: 'collection',
  get name() {
    return l10n.t('Liked Songs');
  },
  link: LIKED_SONGS_URL,
  uri: LIKED_SONGS_URI,
};

const TRACK_KINDS = new Set(['track', 'episode', 'local', 'removed']);

/**
 * A record of a list (what a PagedList holds) as a row. Tracks and playlists are known; a record
 * of another kind can carry its own `linkable()` or the generic fields.
 */
export function linkableOfRecord(record: unknown): LinkableRow | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as Record<string, unknown>;
  if (typeof r.linkable === 'function') return (r.linkable as () => LinkableRow | undefined)();
  if (typeof r.kind === 'string' && TRACK_KINDS.has(r.kind) && typeof r.byline === 'string') return linkableOfTrack(record as TrackRecord);
  if (typeof r.id === 'string' && typeof r.ownerName === 'string' && typeof r.collaborative === 'boolean') return linkableOfPlaylist(record as PlaylistRecord);
  if (typeof r.name === 'string') {
    const kind = typeof r.kind === 'string' ? r.kind : typeof r.type === 'string' ? r.type : 'item';
    const id = typeof r.id === 'string' ? r.id : undefined;
    const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    return {
      kind,
      name: r.name,
      creator: str(r.creator) ?? str(r.byline) ?? str(r.artists) ?? str(r.ownerName) ?? str(r.publisher),
      collection: str(r.collection) ?? str(r.album) ?? str(r.show),
      durationMs: typeof r.durationMs === 'number' ? r.durationMs : undefined,
      addedAt: str(r.addedAt),
      link: str(r.link) ?? (id ? `https://open.spotify.com/${kind}/${id}` : undefined),
      uri: str(r.uri) ?? str(r.uriOverride) ?? (id ? `spotify:${kind}:${id}` : undefined),
    };
  }
  return undefined;
}

/** The shape of a tree node this module reads (no import of the views: data flows one way). */
interface NodeLike {
  readonly parent?: unknown;
  linkable?(): LinkableRow | undefined;
  link?(): { url: string; uri: string } | undefined;
  getTreeItem?(): { label?: string | { label: string }; contextValue?: string };
  readonly track?: unknown;
  readonly playlist?: unknown;
  readonly album?: AlbumRecord;
  readonly artist?: ArtistRecord;
  readonly show?: ShowRecord;
}

/**
 * The row a tree node stands for. A node may say it itself (`linkable()`, the hook for new node
 * kinds); tracks and playlists are read from their records; any other node with a link uses its
 * label. A notice or error row stands for the list it explains.
 */
export function linkableOfNode(node: unknown): LinkableRow | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const n = node as NodeLike;
  if (typeof n.linkable === 'function') return n.linkable();
  if (n.track) return linkableOfRecord(n.track);
  if (n.playlist) return linkableOfRecord(n.playlist);
  // Albums, artists and shows carry no kind of their own: the node says which it is.
  if (n.album) return linkableOfAlbum(n.album);
  if (n.artist) return linkableOfArtist(n.artist);
  if (n.show) return linkableOfShow(n.show);
  const link = n.link?.();
  if (!link) return undefined;
  const item = n.getTreeItem?.();
  if (/^spotifyLibrary:(notice|error)\b/.test(item?.contextValue ?? '')) return linkableOfNode(n.parent);
  if (link.url === LIKED_SONGS_URL) return LIKED_SONGS_ROW;
  const label = typeof item?.label === 'string' ? item.label : item?.label?.label;
  const kind = /^https:\/\/open\.spotify\.com\/([a-z]+)\//.exec(link.url)?.[1] ?? 'item';
  return { kind, name: label ?? link.url, link: link.url, uri: link.uri };
}
