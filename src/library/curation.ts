import type { SpotifyError } from '../api/errors';
import type { LibraryModel } from './libraryModel';
import type { LibraryWrites, WriteOutcome } from './libraryWrites';
import type { PagedList } from './pagedList';
import { planPlaylistSave } from './playlistDiff';
import { type AlbumRecord, type ArtistRecord, type PlaylistRecord, type ShowRecord, spotifyLinkOf, type TrackRecord, trackUri } from './records';

/** What a write did, for the words the command shows: how many of how many Spotify took, and why it stopped. */
export interface CurationOutcome {
  readonly done: number;
  readonly total: number;
  readonly error?: SpotifyError;
}

/** An entry taken out of a playlist, with where it was, so Undo can put it back there. */
export interface RemovedEntry {
  readonly track: TrackRecord;
  readonly index: number;
}

/** What Save/Remove from Library and Follow/Unfollow act on, by the section that lists them. */
export type SavedKind =
  | { section: 'albums'; items: readonly AlbumRecord[] }
  | { section: 'shows'; items: readonly ShowRecord[] }
  | { section: 'episodes'; items: readonly TrackRecord[] }
  | { section: 'artists'; items: readonly ArtistRecord[] };

const KIND_OF_SECTION = { albums: 'album', shows: 'show', episodes: 'episode', artists: 'artist' } as const;

/**
 * The user's changes to their library: each shows in the tree at once, goes to Spotify, and is
 * reconciled with the answer (a playlist's new snapshot_id stored; a refusal rolled back, keeping
 * what Spotify took before it stopped).
 */
export class LibraryCuration {
  readonly #model: LibraryModel;
  readonly #writes: LibraryWrites;

  constructor(model: LibraryModel, writes: LibraryWrites) {
    this.#model = model;
    this.#writes = writes;
  }

  get writes(): LibraryWrites {
    return this.#writes;
  }

  /** Like (or remove from Liked Songs) the tracks; songs only (local files and episodes cannot be liked). */
  async setLiked(tracks: readonly TrackRecord[], liked: boolean): Promise<CurationOutcome> {
    const songs = uniqueBy(tracks.filter((track) => track.kind === 'track' && track.id), (track) => track.id!);
    const uris = songs.map((track) => trackUri(track)!);
    if (uris.length === 0) return { done: 0, total: 0 };
    const written = this.#model.liked.beginWrite();
    try {
      const undo = this.#model.setLiked(songs, liked);
      const outcome = liked ? await this.#writes.saveToLibrary(uris) : await this.#writes.removeFromLibrary(uris);
      if (outcome.failed) {
        undo();
        // What Spotify took before it stopped stays, as Spotify has it.
        const taken = new Set(outcome.done);
        if (taken.size > 0) this.#model.setLiked(songs.filter((track) => taken.has(trackUri(track)!)), liked);
      }
      return outcomeOf(outcome, uris.length);
    } finally {
      written();
    }
  }

  /** Save or remove albums, podcasts and episodes; follow or unfollow artists. The section shows it at once. */
  async setSaved(target: SavedKind, saved: boolean): Promise<CurationOutcome> {
    const kind = KIND_OF_SECTION[target.section];
    const items = uniqueBy<{ id?: string }>(target.items, (item) => item.id ?? '').filter((item) => item.id) as Array<{ id: string; addedAt?: string }>;
    const uris = items.map((item) => spotifyLinkOf(kind, item.id).uri);
    if (uris.length === 0) return { done: 0, total: 0 };
    const list = this.#model.section(target.section) as PagedList<{ id?: string; addedAt?: string }>;
    const stamp = `${new Date().toISOString().slice(0, 19)}Z`;
    // Shows the change for the items in `which`; returns how to take back exactly that (by identity), nothing of another write's.
    const show = (which: ReadonlySet<string>): (() => void) => {
      if (!list.isLoaded) return () => undefined;
      const before = list.items;
      const present = new Set(before.flatMap((item) => (item.id ? [item.id] : [])));
      if (saved) {
        const fresh = items.filter((item) => which.has(item.id) && !present.has(item.id)).map((item) => (target.section === 'artists' ? { ...item } : { ...item, addedAt: stamp }));
        list.applyLocalEdit([...fresh, ...before], fresh.length);
        const mine = new Set<object>(fresh);
        return () => list.applyLocalEdit(list.items.filter((item) => !mine.has(item)), -fresh.length);
      }
      const gone = before.flatMap((item, index) => (item.id && which.has(item.id) ? [{ item, index }] : []));
      const taken = new Set(gone.map((entry) => entry.item));
      list.applyLocalEdit(before.filter((item) => !taken.has(item)), -gone.length);
      return () => {
        const shown = [...list.items];
        for (const { item, index } of gone) shown.splice(Math.min(index, shown.length), 0, item);
        list.applyLocalEdit(shown, gone.length);
      };
    };
    const written = list.beginWrite();
    try {
      const undo = show(new Set(items.map((item) => item.id)));
      const outcome = saved ? await this.#writes.saveToLibrary(uris) : await this.#writes.removeFromLibrary(uris);
      if (outcome.failed) {
        undo();
        const taken = new Set(outcome.done.map((uri) => uri.slice(uri.lastIndexOf(':') + 1)));
        if (taken.size > 0) show(taken);
      }
      return outcomeOf(outcome, uris.length);
    } finally {
      written();
    }
  }

  /** The tracks already in the playlist, from its loaded entries (the caller loads them all first). */
  alreadyIn(playlist: PlaylistRecord, tracks: readonly TrackRecord[]): TrackRecord[] {
    const present = new Set(this.#model.entriesOf(playlist).items.flatMap((entry) => trackUri(entry) ?? []));
    return tracks.filter((track) => present.has(trackUri(track) ?? ''));
  }

  /**
   * Adds the tracks at the end of the playlist, 100 a request. Spotify's snapshot_id after the
   * write is kept only when the entries the write went on were Spotify's current ones; otherwise
   * (changed on the phone meanwhile) the loaded entries are read again after it.
   */
  async addToPlaylist(playlist: PlaylistRecord, tracks: readonly TrackRecord[]): Promise<CurationOutcome> {
    const addable = tracks.filter((track) => (track.kind === 'track' || track.kind === 'episode') && track.id);
    const uris = addable.map((track) => trackUri(track)!);
    if (uris.length === 0) return { done: 0, total: 0 };
    const entries = this.#model.entriesOf(playlist);
    const base = await this.#model.entriesAreCurrent(playlist.id).catch(() => ({ current: false }));
    const written = this.#beginPlaylistWrite(entries);
    try {
      const endShown = entries.isLoaded && !entries.hasMore;
      const stamp = `${new Date().toISOString().slice(0, 19)}Z`;
      // The new entries show where Spotify puts them, at the end, when the end is loaded; else only the count moves.
      const appended: TrackRecord[] = endShown ? addable.map((track) => ({ ...track, addedAt: stamp, disc: undefined, number: undefined })) : [];
      entries.applyLocalEdit([...entries.items, ...appended], uris.length);
      this.#model.recordPlaylistChange(playlist.id, { totalDelta: uris.length });
      const outcome = await this.#writes.addToPlaylist(playlist.id, uris, undefined);
      if (outcome.failed) {
        // Only this write's rows go again (by identity): another write's, or a refresh's, stay.
        const refused = new Set(appended.slice(outcome.done.length));
        const lost = uris.length - outcome.done.length;
        entries.applyLocalEdit(
          entries.items.filter((entry) => !refused.has(entry)),
          -lost,
        );
        this.#model.recordPlaylistChange(playlist.id, { totalDelta: -lost });
      }
      this.#settleSnapshot(playlist.id, base.current, outcome.snapshotId);
      return outcomeOf(outcome, uris.length);
    } finally {
      written();
    }
  }

  /**
   * Takes exactly the picked rows out of the playlist, and nothing the user did not see.
   * Spotify's DELETE removes every copy of a URI, also copies on pages not loaded yet, so the
   * whole playlist is loaded (read again first when it changed elsewhere), the one save path
   * (planPlaylistSave) plans the calls, and a copy the user kept is put back at its place in the
   * same operation. Rows are picked by identity (a TrackRecord of the list); a record that is
   * not one of the list's rows picks every loaded copy of its URI. Returns what was taken with
   * its places, for Undo.
   */
  async removeFromPlaylist(playlist: PlaylistRecord, tracks: readonly TrackRecord[]): Promise<CurationOutcome & { removed: RemovedEntry[] }> {
    const entries = this.#model.entriesOf(playlist);
    await entries.ensureLoaded();
    const picked = pickedCopies(entries.items, tracks);
    if (picked.length === 0) return { done: 0, total: 0, removed: [] };
    const base = await this.#model.entriesAreCurrent(playlist.id);
    if (!base.current) await entries.refresh();
    await entries.loadAllForUser();
    if (entries.error || entries.hasMore) return { done: 0, total: picked.length, removed: [], error: entries.error };
    const written = this.#beginPlaylistWrite(entries);
    try {
      const before = entries.items;
      const removed = copiesIn(before, picked);
      if (removed.length === 0) return { done: 0, total: 0, removed: [] };
      const taken = new Set(removed.map((entry) => entry.track));
      const kept = before.filter((entry) => !taken.has(entry));
      // Tokens by place in `before`, so an entry without a URI is the same token on both sides.
      const tokens = before.map(planUri);
      const calls = planPlaylistSave(tokens, tokens.filter((_, index) => !taken.has(before[index])));
      entries.applyLocalEdit(kept, -removed.length);
      this.#model.recordPlaylistChange(playlist.id, { totalDelta: -removed.length });
      const outcome = await this.#writes.applyPlaylistCalls(playlist.id, calls, base.snapshotId);
      if (outcome.error && outcome.sent === 0) {
        // Nothing reached Spotify: this write's rows go back where they were, nothing else moves.
        const shown = [...entries.items];
        for (const entry of removed) shown.splice(Math.min(entry.index, shown.length), 0, entry.track);
        entries.applyLocalEdit(shown, removed.length);
        this.#model.recordPlaylistChange(playlist.id, { totalDelta: removed.length });
        return { done: 0, total: removed.length, removed: [], error: outcome.error };
      }
      if (outcome.error) {
        // Spotify took part of the plan: what it holds now is read again rather than guessed.
        this.#model.revalidateAfterStaleWrite(playlist.id, outcome.snapshotId);
        return { done: 0, total: removed.length, removed: [], error: outcome.error };
      }
      this.#model.recordPlaylistChange(playlist.id, { snapshotId: outcome.snapshotId });
      return { done: removed.length, total: removed.length, removed };
    } finally {
      written();
    }
  }

  /** Undo of a removal: each entry back at its place, consecutive ones in one request. */
  async restoreToPlaylist(playlist: PlaylistRecord, removed: readonly RemovedEntry[]): Promise<CurationOutcome> {
    const sorted = [...removed].sort((a, b) => a.index - b.index);
    const entries = this.#model.entriesOf(playlist);
    const base = await this.#model.entriesAreCurrent(playlist.id).catch(() => ({ current: false }));
    const written = this.#beginPlaylistWrite(entries);
    const stamp = `${new Date().toISOString().slice(0, 19)}Z`;
    let done = 0;
    let snapshotId: string | undefined;
    try {
      for (const run of runsOf(sorted)) {
        const restored = run.map((entry) => ({ ...entry.track, addedAt: stamp }));
        const shown = [...entries.items];
        shown.splice(Math.min(run[0].index, shown.length), 0, ...restored);
        entries.applyLocalEdit(shown, run.length);
        this.#model.recordPlaylistChange(playlist.id, { totalDelta: run.length });
        const outcome = await this.#writes.addToPlaylist(playlist.id, run.map((entry) => trackUri(entry.track)!), run[0].index);
        snapshotId = outcome.snapshotId ?? snapshotId;
        done += outcome.done.length;
        if (outcome.failed) {
          const refused = new Set<TrackRecord>(restored);
          entries.applyLocalEdit(entries.items.filter((entry) => !refused.has(entry)), -run.length);
          this.#model.recordPlaylistChange(playlist.id, { totalDelta: -run.length });
          this.#settleSnapshot(playlist.id, base.current && done === 0, snapshotId);
          return { done, total: sorted.length, error: outcome.failed.error };
        }
      }
      this.#settleSnapshot(playlist.id, base.current, snapshotId);
      return { done, total: sorted.length };
    } finally {
      written();
    }
  }

  /** A playlist write starts: its entries and the Playlists row wait with their revalidations until it ends. */
  #beginPlaylistWrite(entries: PagedList<TrackRecord>): () => void {
    const entriesWritten = entries.beginWrite();
    const playlistsWritten = this.#model.playlists.beginWrite();
    return () => {
      entriesWritten();
      playlistsWritten();
    };
  }

  /** The snapshot_id a write answered is the loaded entries' only when they were Spotify's before it. */
  #settleSnapshot(playlistId: string, baseWasCurrent: boolean, snapshotId: string | undefined): void {
    if (baseWasCurrent) this.#model.recordPlaylistChange(playlistId, { snapshotId });
    else this.#model.revalidateAfterStaleWrite(playlistId, snapshotId);
  }

  /** A new private playlist, on top of Playlists at once. */
  async createPlaylist(name: string): Promise<PlaylistRecord> {
    const playlist = await this.#writes.createPlaylist(name);
    this.#model.addCreatedPlaylist(playlist);
    return playlist;
  }
}

/** A picked row as (URI, which copy of it): still names the same entry after the playlist is read again. */
interface PickedCopy {
  readonly uri: string;
  readonly copy: number;
}

function pickedCopies(rows: readonly TrackRecord[], tracks: readonly TrackRecord[]): PickedCopy[] {
  const byIdentity = new Set(tracks);
  const byUri = new Set(tracks.filter((track) => !rows.includes(track)).flatMap((track) => trackUri(track) ?? []));
  const seen = new Map<string, number>();
  const picked: PickedCopy[] = [];
  for (const row of rows) {
    const uri = trackUri(row);
    if (!uri) continue;
    const copy = seen.get(uri) ?? 0;
    seen.set(uri, copy + 1);
    if (byIdentity.has(row) || byUri.has(uri)) picked.push({ uri, copy });
  }
  return picked;
}

/** The rows of `rows` the picked copies name, with their places; a copy no longer there is skipped. */
function copiesIn(rows: readonly TrackRecord[], picked: readonly PickedCopy[]): RemovedEntry[] {
  const wanted = new Set(picked.map((entry) => `${entry.copy} ${entry.uri}`));
  const seen = new Map<string, number>();
  return rows.flatMap((track, index) => {
    const uri = trackUri(track);
    if (!uri) return [];
    const copy = seen.get(uri) ?? 0;
    seen.set(uri, copy + 1);
    return wanted.has(`${copy} ${uri}`) ? [{ track, index }] : [];
  });
}

/** An entry as the planner sees it; one without a URI (unavailable) is unique, so it is never touched. */
function planUri(track: TrackRecord, index: number): string {
  return trackUri(track) ?? `unknown:${index}`;
}

function outcomeOf(outcome: WriteOutcome, total: number): CurationOutcome {
  return { done: outcome.done.length, total, error: outcome.failed?.error };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && !!seen.add(key(item)));
}

/** Entries at consecutive places (one request each), in order; at most 100 per run (Spotify's most). */
function runsOf(sorted: readonly RemovedEntry[]): RemovedEntry[][] {
  const runs: RemovedEntry[][] = [];
  for (const entry of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.length < 100 && entry.index === last[last.length - 1].index + 1) last.push(entry);
    else runs.push([entry]);
  }
  return runs;
}
