import type { AlbumRecord, ArtistRecord, PageResult, PlaylistRecord, ShowRecord, TrackRecord } from './records';
import { l10n } from '../common/l10n';

/**
 * Turns Spotify's JSON into the tree's records. Input is untrusted: every field may be missing or
 * of the wrong type, and nothing here may throw, whatever it is given.
 */

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function names(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((entry) => asString(asObject(entry)?.name))
    .filter((name): name is string => !!name)
    .join(', ');
}

const SPOTIFY_ID = /^[A-Za-z0-9]{1,64}$/;

/** A row icon is 16 px: the smallest cover at least that big, else the biggest there is. */
const ICON_PIXELS = 16;

/**
 * The URL of the smallest usable cover of Spotify's `images` (`[{url, height, width}]`, sizes often
 * 640/300/64, sometimes null, the array itself sometimes empty or null). Only https URLs: it becomes
 * an image the workbench loads.
 */
export function smallestImageUrl(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  let best: { url: string; size: number | undefined } | undefined;
  for (const raw of value) {
    const image = asObject(raw);
    const url = asString(image?.url);
    if (!url || !/^https:\/\/[^\s"'()\\]+$/.test(url)) continue;
    const width = asNumber(image?.width);
    const height = asNumber(image?.height);
    const size = width !== undefined && height !== undefined ? Math.min(width, height) : (width ?? height);
    if (!best || isBetterIcon(size, best.size)) best = { url, size };
  }
  return best?.url;
}

function isBetterIcon(size: number | undefined, than: number | undefined): boolean {
  if (size === undefined) return false; // an unsized image only when nothing says its size
  if (than === undefined) return true;
  const fits = size >= ICON_PIXELS;
  const bestFits = than >= ICON_PIXELS;
  if (fits !== bestFits) return fits;
  return fits ? size < than : size > than;
}

/** A removed entry; worded when made, so the name follows the display language. */
function removed(addedAt?: string): TrackRecord {
  return addedAt ? { kind: 'removed', name: l10n.t('Removed from Spotify'), byline: '', addedAt } : { kind: 'removed', name: l10n.t('Removed from Spotify'), byline: '' };
}

/** An entry of Liked Songs (`{added_at, track}`) or of a playlist (`{added_at, is_local, item, track}`). */
export function normalizeEntry(raw: unknown): TrackRecord {
  try {
    const entry = asObject(raw);
    if (!entry) return removed();
    const addedAt = asString(entry.added_at);
    const content = asObject(entry.item) ?? asObject(entry.track);
    if (!content) return removed(addedAt);
    return normalizeContent(content, addedAt, asBoolean(entry.is_local) === true);
  } catch {
    return removed();
  }
}

function normalizeContent(content: Json, addedAt: string | undefined, entryIsLocal: boolean): TrackRecord {
  const type = asString(content.type);
  const rawId = asString(content.id);
  const id = rawId && SPOTIFY_ID.test(rawId) ? rawId : undefined;
  const name = asString(content.name) || l10n.t('Untitled');
  const durationMs = asNumber(content.duration_ms);
  const explicit = asBoolean(content.explicit) || undefined;
  const uri = asString(content.uri);
  const link = asString(asObject(content.external_urls)?.spotify);
  const isLocal = entryIsLocal || asBoolean(content.is_local) === true || (uri?.startsWith('spotify:local:') ?? false);

  if (isLocal) {
    return compact({ kind: 'local', name, byline: names(content.artists), album: asString(asObject(content.album)?.name), durationMs, addedAt, uriOverride: uri });
  }
  if (!id) return removed(addedAt);

  const kind = type === 'episode' ? 'episode' : 'track';
  const byline = kind === 'episode' ? asString(asObject(content.show)?.name) ?? '' : names(content.artists);
  const restriction = asString(asObject(content.restrictions)?.reason);
  // Spotify may leave out `is_playable` and only name a restriction: that track cannot play either.
  const playable = asBoolean(content.is_playable) ?? (restriction ? false : undefined);
  // An empty or blank code would make unrelated tracks one recording: it is no ISRC.
  const isrc = kind === 'track' ? asString(asObject(content.external_ids)?.isrc)?.trim() || undefined : undefined;
  // One literal, one hidden class for every track: smaller in V8 than objects grown key by key.
  return {
    kind,
    id,
    name,
    byline,
    album: kind === 'track' ? asString(asObject(content.album)?.name) : undefined,
    durationMs,
    explicit,
    addedAt,
    playable,
    restriction,
    isrc,
    link: link && link !== `https://open.spotify.com/${kind}/${id}` ? link : undefined,
    uriOverride: uri && uri !== `spotify:${kind}:${id}` ? uri : undefined,
  };
}

export function normalizePlaylist(raw: unknown): PlaylistRecord | undefined {
  try {
    const playlist = asObject(raw);
    const id = asString(playlist?.id);
    if (!playlist || !id || !SPOTIFY_ID.test(id)) return undefined;
    const owner = asObject(playlist.owner);
    // 2026 shape: `items: {total}`; older: `tracks: {total}`, which may be null.
    const total = asNumber(asObject(playlist.items)?.total) ?? asNumber(asObject(playlist.tracks)?.total);
    const link = asString(asObject(playlist.external_urls)?.spotify);
    return compact({
      id,
      name: asString(playlist.name) || l10n.t('Untitled playlist'),
      ownerId: asString(owner?.id),
      ownerName: asString(owner?.display_name) || asString(owner?.id) || l10n.t('unknown owner'),
      collaborative: asBoolean(playlist.collaborative) === true,
      isPublic: asBoolean(playlist.public),
      description: asString(playlist.description) || undefined,
      total,
      snapshotId: asString(playlist.snapshot_id),
      link: link && link !== `https://open.spotify.com/playlist/${id}` ? link : undefined,
      imageUrl: smallestImageUrl(playlist.images),
    });
  } catch {
    return undefined;
  }
}

/**
 * A paging object, or undefined when `raw` is not one (the caller reports a bad response).
 * Items that cannot be read become removed entries (tracks) or are skipped (playlists).
 */
export function normalizePage<T>(raw: unknown, normalizeItem: (item: unknown) => T | undefined): PageResult<T> | undefined {
  try {
    const page = asObject(raw);
    if (!page || !Array.isArray(page.items)) return undefined;
    const items: T[] = [];
    for (const item of page.items) {
      const record = normalizeItem(item);
      if (record !== undefined) items.push(record);
    }
    const offset = asNumber(page.offset) ?? 0;
    const total = asNumber(page.total) ?? offset + page.items.length;
    return { items, total: Math.max(0, Math.floor(total)), offset: Math.max(0, Math.floor(offset)) };
  } catch {
    return undefined;
  }
}

/** A track of an album (`/albums/{id}/tracks`, or the saved album's inline page): with its disc and number. */
export function normalizeAlbumTrack(raw: unknown): TrackRecord {
  try {
    const content = asObject(raw);
    if (!content) return removed();
    const track = normalizeContent(content, undefined, false);
    const disc = asNumber(content.disc_number);
    const number = asNumber(content.track_number);
    return disc === undefined && number === undefined ? track : { ...track, disc, number };
  } catch {
    return removed();
  }
}

/** A saved episode (`{added_at, episode}`) or one of a show's episodes (the episode itself). */
export function normalizeEpisode(raw: unknown): TrackRecord | undefined {
  try {
    const outer = asObject(raw);
    if (!outer) return undefined;
    const content = asObject(outer.episode) ?? outer;
    const addedAt = asString(outer.added_at);
    const base = normalizeContent({ ...content, type: 'episode' }, addedAt, false);
    if (base.kind !== 'episode') return base;
    const resume = asObject(content.resume_point);
    const played = asBoolean(resume?.fully_played);
    const resumeMs = asNumber(resume?.resume_position_ms);
    return compact({ ...base, releaseDate: asString(content.release_date), played: played || undefined, resumeMs: played ? undefined : resumeMs });
  } catch {
    return undefined;
  }
}

/** A saved album (`{added_at, album}` with its first page of tracks) or an artist's simplified album. */
export function normalizeAlbum(raw: unknown): AlbumRecord | undefined {
  try {
    const outer = asObject(raw);
    const album = asObject(outer?.album) ?? outer;
    const id = asString(album?.id);
    if (!album || !id || !SPOTIFY_ID.test(id)) return undefined;
    const tracks = normalizePage(album.tracks, normalizeAlbumTrack);
    return compact({
      id,
      name: asString(album.name) || l10n.t('Untitled album'),
      byline: names(album.artists),
      releaseDate: asString(album.release_date),
      totalTracks: asNumber(album.total_tracks) ?? tracks?.total,
      addedAt: asString(outer?.added_at),
      firstTracks: tracks && tracks.offset === 0 ? tracks.items : undefined,
      imageUrl: smallestImageUrl(album.images),
    });
  } catch {
    return undefined;
  }
}

export function normalizeArtist(raw: unknown): ArtistRecord | undefined {
  try {
    const artist = asObject(raw);
    const id = asString(artist?.id);
    if (!artist || !id || !SPOTIFY_ID.test(id)) return undefined;
    const genres = Array.isArray(artist.genres) ? artist.genres.filter((genre): genre is string => typeof genre === 'string').join(', ') : '';
    return compact({ id, name: asString(artist.name) || l10n.t('Unknown artist'), genres: genres || undefined });
  } catch {
    return undefined;
  }
}

export function normalizeShow(raw: unknown): ShowRecord | undefined {
  try {
    const outer = asObject(raw);
    const show = asObject(outer?.show);
    const id = asString(show?.id);
    if (!show || !id || !SPOTIFY_ID.test(id)) return undefined;
    return compact({ id, name: asString(show.name) || l10n.t('Untitled podcast'), totalEpisodes: asNumber(show.total_episodes), addedAt: asString(outer?.added_at), imageUrl: smallestImageUrl(show.images) });
  } catch {
    return undefined;
  }
}

/** Cursor paging (`/me/following`): `{artists: {items, total, cursors: {after}}}`; the position is the caller's. */
export function normalizeCursorPage<T>(raw: unknown, key: string, offset: number, normalizeItem: (item: unknown) => T | undefined): PageResult<T> | undefined {
  try {
    const page = asObject(asObject(raw)?.[key]);
    if (!page || !Array.isArray(page.items)) return undefined;
    const items: T[] = [];
    for (const item of page.items) {
      const record = normalizeItem(item);
      if (record !== undefined) items.push(record);
    }
    const after = asString(asObject(page.cursors)?.after) ?? undefined;
    const total = asNumber(page.total) ?? offset + page.items.length + (after ? 1 : 0);
    return { items, total: Math.max(0, Math.floor(total)), offset, ...(after ? { after } : {}) };
  } catch {
    return undefined;
  }
}

export function normalizeUser(raw: unknown): { id: string; displayName: string } | undefined {
  const user = asObject(raw);
  const id = asString(user?.id);
  if (!id) return undefined;
  return { id, displayName: asString(user?.display_name) || id };
}

/** Copies only the defined fields, so records stay small and serialise compactly (no `delete`: it slows V8 objects). */
function compact<T extends object>(record: T): T {
  const slim: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) slim[key] = value;
  }
  return slim as T;
}
