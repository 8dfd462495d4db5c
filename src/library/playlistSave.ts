import type { SpotifyError } from '../api/errors';
import { BadResponseError } from '../api/errors';
import type { LibraryApi } from './libraryApi';
import type { LibraryModel } from './libraryModel';
import type { LibraryWrites } from './libraryWrites';
import { applyPlaylistCall, type PlaylistCall, planPlaylistSave } from './playlistDiff';
import type { PlaylistRecord, TrackRecord } from './records';
import { trackUri } from './records';

/**
 * A playlist as a document saw it: its entries and the snapshot_id they are. The base every save
 * of that document diffs against; after a save (or a part of one), what Spotify then holds.
 */
export interface PlaylistVersion {
  readonly playlistId: string;
  readonly snapshotId: string | undefined;
  readonly entries: readonly TrackRecord[];
}

export type PlaylistSaveResult =
  /** The document holds what the base holds: nothing was sent. */
  | { readonly kind: 'unchanged' }
  /** Spotify's playlist is not the base any more: nothing was sent; `theirs` is Spotify's now. */
  | { readonly kind: 'changedOnSpotify'; readonly theirs: PlaylistVersion }
  | { readonly kind: 'saved'; readonly calls: readonly PlaylistCall[]; readonly before: PlaylistVersion; readonly after: PlaylistVersion }
  /** Spotify took `sent` of the calls, then refused: `now` is what it holds after those, the next save's base. */
  | { readonly kind: 'failed'; readonly sent: number; readonly calls: readonly PlaylistCall[]; readonly error: SpotifyError; readonly now: PlaylistVersion };

/** How many lookups a save makes for pasted links the library does not know; beyond it, the playlist is read again. */
const LOOKUPS_PER_SAVE = 20;

/**
 * Saving a playlist from a list of URIs (the playlist document, Undo Last Save, Clean Up, a
 * restore): checks Spotify's snapshot_id first and never writes over a change it did not see,
 * sends only the difference (planPlaylistSave, the one save path), and shows the result in the
 * tree with the snapshot_id Spotify answered, so the next refresh downloads nothing.
 *
 * Entries without a URI (Spotify sends `item: null` for removed content) cannot be named in a
 * write: they stay where they are, anchored at their index.
 */
export class PlaylistSaves {
  readonly #model: LibraryModel;
  readonly #writes: LibraryWrites;
  readonly #api: LibraryApi;

  constructor(model: LibraryModel, writes: LibraryWrites, api: LibraryApi) {
    this.#model = model;
    this.#writes = writes;
    this.#api = api;
  }

  /** The whole playlist as Spotify has it now (read again when the loaded entries are stale). */
  async current(playlist: PlaylistRecord): Promise<PlaylistVersion> {
    const entries = this.#model.entriesOf(playlist);
    await entries.ensureLoaded();
    const state = await this.#model.entriesAreCurrent(playlist.id);
    if (!state.current) await entries.refresh();
    await entries.loadAllForUser();
    if (entries.error) throw entries.error;
    if (entries.hasMore) throw new BadResponseError('stopped before the end');
    return { playlistId: playlist.id, snapshotId: state.snapshotId, entries: entries.items };
  }

  /** Turns the playlist from `base` into `target` (URIs), if Spotify still has `base`. */
  async save(playlist: PlaylistRecord, base: PlaylistVersion, target: readonly string[]): Promise<PlaylistSaveResult> {
    const baseTokens = base.entries.map(planToken);
    const targetTokens = anchorUnknown(baseTokens, target);
    if (sameList(baseTokens, targetTokens)) return { kind: 'unchanged' };
    const state = await this.#model.entriesAreCurrent(playlist.id);
    if (state.snapshotId !== base.snapshotId) return { kind: 'changedOnSpotify', theirs: await this.current(playlist) };
    const calls = planPlaylistSave(baseTokens, targetTokens);
    const entries = this.#model.entriesOf(playlist);
    const entriesWritten = entries.beginWrite();
    const playlistsWritten = this.#model.playlists.beginWrite();
    try {
      const outcome = await this.#writes.applyPlaylistCalls(playlist.id, calls, base.snapshotId);
      const sentCalls = calls.slice(0, outcome.sent);
      const reachedTokens = sentCalls.reduce<string[]>((list, call) => applyPlaylistCall(list, call), baseTokens);
      const after: PlaylistVersion = { playlistId: playlist.id, snapshotId: outcome.snapshotId, entries: await this.#recordsFor(reachedTokens, base.entries) };
      this.#show(playlist, after, base.entries.length);
      if (outcome.error) return { kind: 'failed', sent: outcome.sent, calls, error: outcome.error, now: after };
      return { kind: 'saved', calls, before: base, after };
    } finally {
      entriesWritten();
      playlistsWritten();
    }
  }

  /** The tree shows the playlist as the save left it, with Spotify's snapshot_id for it. */
  #show(playlist: PlaylistRecord, after: PlaylistVersion, countBefore: number): void {
    const entries = this.#model.entriesOf(playlist);
    const delta = after.entries.length - countBefore;
    entries.applyLocalEdit(after.entries, delta);
    this.#model.recordPlaylistChange(playlist.id, { totalDelta: delta, snapshotId: after.snapshotId });
  }

  /**
   * Records for the entries after a save: kept entries keep theirs (with their added_at), new
   * ones come from what the library knows, else one lookup each (up to LOOKUPS_PER_SAVE).
   */
  async #recordsFor(tokens: readonly string[], known: readonly TrackRecord[]): Promise<TrackRecord[]> {
    const kept = new Map<string, TrackRecord[]>();
    const byUri = new Map<string, TrackRecord>();
    known.forEach((entry, index) => {
      const token = planToken(entry, index);
      kept.set(token, [...(kept.get(token) ?? []), entry]);
      byUri.set(token, entry);
    });
    const stamp = `${new Date().toISOString().slice(0, 19)}Z`;
    const missing = [...new Set(tokens.filter((token) => !byUri.has(token) && !this.#knownRecord(token)))];
    const looked = new Map<string, TrackRecord>();
    for (const uri of missing.slice(0, LOOKUPS_PER_SAVE)) {
      const record = await this.#api.item(uri, { lane: 'interactive' }).catch(() => undefined);
      if (record) looked.set(uri, record);
    }
    return tokens.map((token) => {
      const same = kept.get(token)?.shift();
      if (same) return same;
      const record = byUri.get(token) ?? this.#knownRecord(token) ?? looked.get(token) ?? placeholder(token);
      return { ...record, addedAt: stamp, disc: undefined, number: undefined };
    });
  }

  #knownRecord(uri: string): TrackRecord | undefined {
    const id = /^spotify:track:([0-9A-Za-z]{22})$/.exec(uri)?.[1];
    return id ? this.#model.knownTrack(id) : undefined;
  }
}

/** An entry as the planner sees it: its URI, or a token of its own where it has none (never touched). */
export function planToken(entry: TrackRecord, index: number): string {
  return trackUri(entry) ?? `unknown:${index}`;
}

/** The URIs of a version's entries that a document can name (removed entries have none). */
export function urisOf(version: PlaylistVersion): string[] {
  return version.entries.flatMap((entry) => trackUri(entry) ?? []);
}

/**
 * `target` with the base's entries that have no URI put back where they were: right after the
 * entry they followed (which copy of it, where the URI stands twice), or at their index when that
 * entry is gone. A document cannot name them, so it cannot move or remove them.
 */
function anchorUnknown(baseTokens: readonly string[], target: readonly string[]): string[] {
  const anchored = [...target];
  baseTokens.forEach((token, index) => {
    if (!isUnknown(token)) return;
    let previous = index - 1;
    while (previous >= 0 && isUnknown(baseTokens[previous])) previous--;
    if (previous < 0) {
      anchored.splice(Math.min(index, anchored.length), 0, token);
      return;
    }
    const copy = baseTokens.slice(0, previous).filter((candidate) => candidate === baseTokens[previous]).length;
    let seen = -1;
    const at = anchored.findIndex((candidate) => candidate === baseTokens[previous] && ++seen === copy);
    // Entries without a URI that stood together stay together, in their order.
    anchored.splice(at < 0 ? Math.min(index, anchored.length) : at + index - previous, 0, token);
  });
  return anchored;
}

function isUnknown(token: string): boolean {
  return token.startsWith('unknown:');
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** A pasted entry the lookup could not name: its URI stands in until the next read. */
function placeholder(uri: string): TrackRecord {
  const match = /^spotify:(track|episode):([0-9A-Za-z]{22})$/.exec(uri);
  if (!match) return { kind: 'removed', name: uri, byline: '' };
  return { kind: match[1] as 'track' | 'episode', id: match[2], name: uri, byline: '' };
}

/** Each entry's key as (which copy, URI): still names the same entry after the playlist is read again. */
function copyKeys(entries: readonly TrackRecord[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((entry, index) => {
    const token = planToken(entry, index);
    const copy = seen.get(token) ?? 0;
    seen.set(token, copy + 1);
    return `${copy} ${token}`;
  });
}

/**
 * The URIs of `version` after the rows `moving` (rows of `shown`, the list the user dragged in)
 * are moved, in their order, to just before the row `before` (the end when undefined). Rows are
 * matched by which copy of their URI they are, so a list read again in between still matches.
 */
export function moveRows(version: PlaylistVersion, shown: readonly TrackRecord[], moving: readonly TrackRecord[], before: TrackRecord | undefined): string[] {
  const shownKeys = copyKeys(shown);
  const keyOf = new Map(shown.map((entry, index) => [entry, shownKeys[index]]));
  const movingKeys = new Set(moving.flatMap((entry) => keyOf.get(entry) ?? []));
  const beforeKey = before && keyOf.get(before);
  const keys = copyKeys(version.entries);
  const staying = version.entries.filter((_, index) => !movingKeys.has(keys[index]));
  const moved = version.entries.filter((_, index) => movingKeys.has(keys[index]));
  const stayingKeys = keys.filter((key) => !movingKeys.has(key));
  const at = beforeKey === undefined ? staying.length : stayingKeys.indexOf(beforeKey);
  const result = at < 0 ? version.entries : [...staying.slice(0, at), ...moved, ...staying.slice(at)];
  return result.flatMap((entry) => trackUri(entry) ?? []);
}
