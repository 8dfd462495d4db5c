import type { SpotifyError } from '../api/errors';
import type { LibraryModel } from './libraryModel';
import type { LibraryWrites, WriteOutcome } from './libraryWrites';
import type { PagedList } from './pagedList';
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
    const before = list.items;
    const ids = new Set(items.map((item) => item.id));
    const present = new Set(before.flatMap((item) => (item.id ? [item.id] : [])));
    const stamp = `${new Date().toISOString().slice(0, 19)}Z`;
    const show = (which: ReadonlySet<string>) => {
      const fresh = saved ? items.filter((item) => which.has(item.id) && !present.has(item.id)).map((item) => (target.section === 'artists' ? item : { ...item, addedAt: stamp })) : [];
      const kept = saved ? before : before.filter((item) => !item.id || !which.has(item.id));
      if (list.isLoaded) list.applyLocalEdit([...fresh, ...kept], fresh.length - (before.length - kept.length));
    };
    show(ids);
    const outcome = saved ? await this.#writes.saveToLibrary(uris) : await this.#writes.removeFromLibrary(uris);
    if (outcome.failed) {
      if (list.isLoaded) list.applyLocalEdit(before, before.length - list.items.length);
      const taken = new Set(outcome.done.map((uri) => uri.slice(uri.lastIndexOf(':') + 1)));
      if (taken.size > 0) show(taken);
    }
    return outcomeOf(outcome, uris.length);
  }

  /** The tracks already in the playlist, from its loaded entries (the caller loads them all first). */
  alreadyIn(playlist: PlaylistRecord, tracks: readonly TrackRecord[]): TrackRecord[] {
    const present = new Set(this.#model.entriesOf(playlist).items.flatMap((entry) => trackUri(entry) ?? []));
    return tracks.filter((track) => present.has(trackUri(track) ?? ''));
  }

  /** Adds the tracks at the end of the playlist, 100 a request; the playlist's new snapshot_id is stored. */
  async addToPlaylist(playlist: PlaylistRecord, tracks: readonly TrackRecord[]): Promise<CurationOutcome> {
    const addable = tracks.filter((track) => (track.kind === 'track' || track.kind === 'episode') && track.id);
    const uris = addable.map((track) => trackUri(track)!);
    if (uris.length === 0) return { done: 0, total: 0 };
    const entries = this.#model.entriesOf(playlist);
    const before = entries.items;
    const totalBefore = entries.total ?? 0;
    const endShown = entries.isLoaded && !entries.hasMore;
    const stamp = `${new Date().toISOString().slice(0, 19)}Z`;
    // The new entries show where Spotify puts them, at the end, when the end is loaded; else only the count moves.
    const show = (count: number) => {
      const appended = endShown ? addable.slice(0, count).map((track) => ({ ...track, addedAt: stamp, disc: undefined, number: undefined })) : [];
      entries.applyLocalEdit([...before, ...appended], totalBefore + count - (entries.total ?? 0));
    };
    show(uris.length);
    this.#model.recordPlaylistChange(playlist.id, { totalDelta: uris.length });
    const outcome = await this.#writes.addToPlaylist(playlist.id, uris);
    if (outcome.failed) {
      show(outcome.done.length);
      this.#model.recordPlaylistChange(playlist.id, { totalDelta: outcome.done.length - uris.length });
    }
    this.#model.recordPlaylistChange(playlist.id, { snapshotId: outcome.snapshotId });
    return outcomeOf(outcome, uris.length);
  }

  /**
   * Takes the tracks out of the playlist: every entry of each (Spotify removes a song wherever it
   * is in the list). Returns the entries taken with their places, for Undo.
   */
  async removeFromPlaylist(playlist: PlaylistRecord, tracks: readonly TrackRecord[]): Promise<CurationOutcome & { removed: RemovedEntry[] }> {
    const uris = [...new Set(tracks.flatMap((track) => trackUri(track) ?? []))];
    if (uris.length === 0) return { done: 0, total: 0, removed: [] };
    const entries = this.#model.entriesOf(playlist);
    const before = entries.items;
    const wanted = new Set(uris);
    const removed = before.flatMap((track, index) => (wanted.has(trackUri(track) ?? '') ? [{ track, index }] : []));
    entries.applyLocalEdit(before.filter((track) => !wanted.has(trackUri(track) ?? '')), -removed.length);
    this.#model.recordPlaylistChange(playlist.id, { totalDelta: -removed.length });
    const snapshotBefore = this.#model.playlistById(playlist.id)?.snapshotId ?? playlist.snapshotId;
    const outcome = await this.#writes.removeFromPlaylist(playlist.id, uris, snapshotBefore);
    if (outcome.failed) {
      const taken = new Set(outcome.done);
      const stayed = removed.filter((entry) => !taken.has(trackUri(entry.track) ?? ''));
      entries.applyLocalEdit(before.filter((track) => !taken.has(trackUri(track) ?? '')), stayed.length);
      this.#model.recordPlaylistChange(playlist.id, { totalDelta: stayed.length });
      this.#model.recordPlaylistChange(playlist.id, { snapshotId: outcome.snapshotId });
      return { ...outcomeOf(outcome, uris.length), removed: removed.filter((entry) => taken.has(trackUri(entry.track) ?? '')) };
    }
    this.#model.recordPlaylistChange(playlist.id, { snapshotId: outcome.snapshotId });
    return { ...outcomeOf(outcome, uris.length), removed };
  }

  /** Undo of a removal: each entry back at its place, consecutive ones in one request. */
  async restoreToPlaylist(playlist: PlaylistRecord, removed: readonly RemovedEntry[]): Promise<CurationOutcome> {
    const sorted = [...removed].sort((a, b) => a.index - b.index);
    const entries = this.#model.entriesOf(playlist);
    const stamp = `${new Date().toISOString().slice(0, 19)}Z`;
    let done = 0;
    let snapshotId: string | undefined;
    for (const run of runsOf(sorted)) {
      const before = entries.items;
      const shown = [...before];
      shown.splice(Math.min(run[0].index, shown.length), 0, ...run.map((entry) => ({ ...entry.track, addedAt: stamp })));
      entries.applyLocalEdit(shown, run.length);
      this.#model.recordPlaylistChange(playlist.id, { totalDelta: run.length });
      const outcome = await this.#writes.addToPlaylist(playlist.id, run.map((entry) => trackUri(entry.track)!), run[0].index);
      snapshotId = outcome.snapshotId ?? snapshotId;
      done += outcome.done.length;
      if (outcome.failed) {
        entries.applyLocalEdit(before, -run.length);
        this.#model.recordPlaylistChange(playlist.id, { totalDelta: -run.length, snapshotId });
        return { done, total: sorted.length, error: outcome.failed.error };
      }
    }
    this.#model.recordPlaylistChange(playlist.id, { snapshotId });
    return { done, total: sorted.length };
  }

  /** A new private playlist, on top of Playlists at once. */
  async createPlaylist(name: string): Promise<PlaylistRecord> {
    const playlist = await this.#writes.createPlaylist(name);
    this.#model.addCreatedPlaylist(playlist);
    return playlist;
  }
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
