import type { PlaylistRecord, TrackRecord } from './records';
import { trackUri } from './records';

/**
 * What Clean Up finds across the library, from records already held (the model's cache and the
 * background index): pure, asks Spotify for nothing. Every change the user then makes is a target
 * list of URIs for the one save path (playlistDiff.ts planPlaylistSave).
 *
 * Duplicates, within one list, are decided the way Spotify Dedup does, plus the ISRC Spotify sends
 * again since March 2026:
 * - sameUri: the same URI again (episodes and local files too: a local file's URI is its identity).
 * - sameIsrc: another URI with the same ISRC: one recording released on a single and an album.
 * - sameSong: a track (not an episode, not a local file) with the same title and the same artists,
 *   compared case- and accent-insensitively and trimmed, and durations at most 2 s apart. Strict
 *   otherwise: "Song - Remastered 2011" is not "Song", artists in another order are other
 *   artists, and a track without a duration matches nobody this way: a remaster or a live take is
 *   often what the user meant to keep, and a wrong "duplicate" costs a song, a missed one nothing.
 *   Different ISRCs do not veto it (Dedup has none; re-releases often get new codes).
 * Entries without a URI (removed from Spotify) are never duplicates: the save path cannot tell
 * them apart, Unplayable lists them. Local files have no ISRC and keep the tags the user gave them,
 * so they are duplicates only by URI.
 *
 * Each group keeps its first entry; every extra matches that kept entry itself (by URI, ISRC or
 * song, the strongest that holds), never only another extra, so tolerances do not chain (200 s,
 * 201.9 s, 203.8 s is one duplicate and one other song). Removing all extras leaves a list in which
 * findDuplicates finds nothing.
 */

export type DuplicateReason = 'sameUri' | 'sameIsrc' | 'sameSong';

export interface DuplicateExtra {
  readonly index: number;
  /** How it duplicates the kept entry; another copy of an extra's URI has that extra's reason. */
  readonly reason: DuplicateReason;
}

export interface DuplicateGroup {
  /** The entry kept: the group's first. */
  readonly kept: number;
  /** The later entries that duplicate it, in list order. */
  readonly extras: readonly DuplicateExtra[];
}

/** Spotify Dedup's tolerance: the same song's durations differ a little between releases. */
export const SAME_SONG_MAX_DURATION_GAP_MS = 2000;

export function findDuplicates(entries: readonly TrackRecord[]): DuplicateGroup[] {
  const groups = new Map<number, DuplicateExtra[]>();
  // A URI seen before, in which group and why relative to its kept entry (copies of an extra share its reason).
  const byUri = new Map<string, { kept: number; reason: DuplicateReason }>();
  // ISRCs and songs of kept entries only: an extra must match its kept entry, not another extra.
  const keptByIsrc = new Map<string, number>();
  const keptBySong = new Map<string, number[]>();

  entries.forEach((entry, index) => {
    const uri = trackUri(entry);
    if (!uri) return;
    const isrc = isrcKey(entry);
    const song = songKey(entry);
    const seen = byUri.get(uri);
    const match: { kept: number; reason: DuplicateReason } | undefined =
      seen ??
      (isrc !== undefined && keptByIsrc.has(isrc) ? { kept: keptByIsrc.get(isrc)!, reason: 'sameIsrc' } : undefined) ??
      sameSongAs(entry, song === undefined ? undefined : keptBySong.get(song), entries);
    if (match) {
      groups.get(match.kept)!.push({ index, reason: match.reason });
      if (!seen) byUri.set(uri, match);
      return;
    }
    groups.set(index, []);
    byUri.set(uri, { kept: index, reason: 'sameUri' });
    if (isrc !== undefined) keptByIsrc.set(isrc, index);
    if (song !== undefined) keptBySong.set(song, [...(keptBySong.get(song) ?? []), index]);
  });

  return [...groups].filter(([, extras]) => extras.length > 0).map(([kept, extras]) => ({ kept, extras }));
}

function sameSongAs(entry: TrackRecord, candidates: readonly number[] | undefined, entries: readonly TrackRecord[]): { kept: number; reason: DuplicateReason } | undefined {
  const duration = entry.durationMs;
  if (!candidates || duration === undefined) return undefined;
  const kept = candidates.find((candidate) => Math.abs(entries[candidate].durationMs! - duration) <= SAME_SONG_MAX_DURATION_GAP_MS);
  return kept === undefined ? undefined : { kept, reason: 'sameSong' };
}

/** Spotify writes ISRCs in capitals without hyphens; other sources add them. Empty is none. */
function isrcKey(entry: TrackRecord): string | undefined {
  if (entry.kind !== 'track' || !entry.isrc) return undefined;
  return entry.isrc.toUpperCase().replace(/[\s-]/g, '') || undefined;
}

/** Title and artists as compared for sameSong; undefined for what never matches that way. */
function songKey(entry: TrackRecord): string | undefined {
  if (entry.kind !== 'track' || entry.durationMs === undefined) return undefined;
  return `${looseName(entry.name)}\u0000${looseName(entry.byline)}`;
}

/** Case- and accent-insensitive, trimmed; nothing else is dropped (not "- Remastered", not inner spaces). */
function looseName(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').trim();
}

/**
 * The list as the save path sees it: each entry's URI, and for one without a URI a placeholder that
 * stands for that entry alone (it matches no real URI and no other entry), so the planner keeps it
 * where it is and never sends it.
 */
export function entryUris(entries: readonly TrackRecord[]): string[] {
  return entries.map((entry, index) => trackUri(entry) ?? placeholder(index));
}

/**
 * The target for planPlaylistSave(entryUris(entries), ...): the list without the entries at
 * `indexes`. Throws RangeError for an index outside the list or an entry without a URI: Spotify
 * removes entries only by URI, so such an entry cannot be taken out by a save.
 */
export function withoutEntries(entries: readonly TrackRecord[], indexes: Iterable<number>): string[] {
  const dropped = new Set(indexes);
  for (const index of dropped) {
    if (!Number.isInteger(index) || index < 0 || index >= entries.length) throw new RangeError(`entry ${index} outside a list of ${entries.length}`);
    if (!trackUri(entries[index])) throw new RangeError(`entry ${index} has no URI: a save cannot remove it`);
  }
  return entryUris(entries).filter((_, index) => !dropped.has(index));
}

function placeholder(index: number): string {
  return `unknown:${index}`;
}

export interface UnplayableEntry {
  readonly index: number;
  /** removed: Spotify no longer has it (no URI: a save cannot remove it); unplayable: Spotify says it cannot play here. */
  readonly why: 'removed' | 'unplayable';
  /** Spotify's restriction reason (market, product, explicit), when it gave one. */
  readonly restriction?: string;
}

export function findUnplayable(entries: readonly TrackRecord[]): UnplayableEntry[] {
  return entries.flatMap((entry, index): UnplayableEntry[] => {
    if (entry.kind === 'removed') return [{ index, why: 'removed' }];
    if (entry.playable !== false) return [];
    return [entry.restriction ? { index, why: 'unplayable', restriction: entry.restriction } : { index, why: 'unplayable' }];
  });
}

export interface PlaylistEntries {
  readonly playlist: PlaylistRecord;
  /** All of its entries: a playlist only partly loaded would make its other songs look missing. */
  readonly entries: readonly TrackRecord[];
}

/** Liked Songs no playlist holds (by URI: another release of the same song does not count), in Liked Songs' order. */
export function likedInNoPlaylist(liked: readonly TrackRecord[], playlists: readonly PlaylistEntries[]): TrackRecord[] {
  const inPlaylists = new Set(playlists.flatMap(({ entries }) => entries.flatMap((entry) => trackUri(entry) ?? [])));
  const seen = new Set<string>();
  return liked.filter((track) => {
    const uri = trackUri(track);
    if (!uri || inPlaylists.has(uri) || seen.has(uri)) return false;
    seen.add(uri);
    return true;
  });
}

/** Each URI that stands in two or more of the playlists -> those playlists, in the order given (each once). */
export function inSeveralPlaylists(playlists: readonly PlaylistEntries[]): Map<string, PlaylistRecord[]> {
  const holders = new Map<string, PlaylistRecord[]>();
  for (const { playlist, entries } of playlists) {
    for (const uri of new Set(entries.flatMap((entry) => trackUri(entry) ?? []))) {
      const held = holders.get(uri);
      if (held) held.push(playlist);
      else holders.set(uri, [playlist]);
    }
  }
  return new Map([...holders].filter(([, held]) => held.length >= 2));
}

/*
 * Set operations over lists of URIs (playlists, Liked Songs), for "songs in A and B", "in A but not
 * in B or C": each URI once, in the order of the first list it appears in.
 */

export function union(first: readonly string[], second: readonly string[], ...more: readonly (readonly string[])[]): string[] {
  return [...new Set([first, second, ...more].flat())];
}

export function intersection(first: readonly string[], second: readonly string[], ...more: readonly (readonly string[])[]): string[] {
  const others = [second, ...more].map((list) => new Set(list));
  return [...new Set(first)].filter((uri) => others.every((list) => list.has(uri)));
}

/** The first list minus every other. */
export function difference(first: readonly string[], second: readonly string[], ...more: readonly (readonly string[])[]): string[] {
  const others = new Set([second, ...more].flat());
  return [...new Set(first)].filter((uri) => !others.has(uri));
}
