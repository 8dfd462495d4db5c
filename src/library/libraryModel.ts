import { Emitter } from '../common/emitter';
import type { Logger } from '../common/logger';
import type { LibraryApi } from './libraryApi';
import { PagedList, type PagedListSnapshot } from './pagedList';
import { type PlaylistRecord, type TrackRecord, trackKey } from './records';

/** Which list changed: Liked Songs, the playlist list, or one playlist's entries. */
export type LibraryChange = { list: 'liked' } | { list: 'playlists' } | { list: 'playlist'; playlistId: string };

/** What is persisted per account: records only, never a token. */
export interface CachedLibrary {
  version: 1;
  savedAt: number;
  liked?: PagedListSnapshot<TrackRecord>;
  playlists?: PagedListSnapshot<PlaylistRecord>;
  playlistItems?: Record<string, { snapshotId?: string } & PagedListSnapshot<TrackRecord>>;
}

export interface LibraryCacheStore {
  load(accountId: string): Promise<CachedLibrary | undefined>;
  save(accountId: string, library: CachedLibrary): Promise<void>;
  delete(accountId: string): Promise<void>;
}

interface PlaylistEntries {
  list: PagedList<TrackRecord>;
  /** The playlist's snapshot_id the entries were loaded at. */
  snapshotId?: string;
}

const SAVE_DELAY_MS = 2_000;

/**
 * The library as the tree sees it: the lists, the cache behind them, and which playlist's entries
 * are still valid for its snapshot_id. Fires onDidChange with the list that changed.
 */
export class LibraryModel {
  readonly #changeEmitter = new Emitter<LibraryChange>();
  readonly onDidChange = this.#changeEmitter.event;

  readonly liked: PagedList<TrackRecord>;
  readonly playlists: PagedList<PlaylistRecord>;
  readonly #playlistEntries = new Map<string, PlaylistEntries>();
  /** Entries restored from the cache, adopted when their playlist's snapshot_id still matches. */
  #cachedEntries: NonNullable<CachedLibrary['playlistItems']> = {};
  #accountId: string | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Cache writes, one after another. */
  #saving: Promise<void> = Promise.resolve();

  readonly #api: LibraryApi;
  readonly #pageSize: () => number;
  readonly #logger: Logger;
  readonly #store: LibraryCacheStore | undefined;

  constructor(
    api: LibraryApi,
    pageSize: () => number,
    logger: Logger,
    store?: LibraryCacheStore,
  ) {
    this.#api = api;
    this.#pageSize = pageSize;
    this.#logger = logger;
    this.#store = store;
    this.liked = new PagedList((offset, limit, signal) => this.#api.likedTracks(offset, limit, { signal }), pageSize, () => this.#changed({ list: 'liked' }));
    this.playlists = new PagedList(
      (offset, limit, signal) => this.#api.playlists(offset, limit, { signal }),
      pageSize,
      () => {
        this.#dropStaleEntries();
        this.#changed({ list: 'playlists' });
      },
    );
  }

  get currentAccountId(): string | undefined {
    return this.#accountId;
  }

  /**
   * Shows `accountId`'s library: what the cache holds at once (no request), then revalidates in
   * the background. Resolves once the cache is restored. Returns whether anything was restored.
   */
  async openAccount(accountId: string): Promise<boolean> {
    if (this.#accountId === accountId) return this.liked.isLoaded;
    this.reset();
    this.#accountId = accountId;
    const cached = await this.#store?.load(accountId).catch((error: unknown) => {
      this.#logger.warn(`[library] could not read the cache: ${String(error)}`);
      return undefined;
    });
    if (this.#accountId !== accountId || !cached || cached.version !== 1) return false;
    this.#cachedEntries = cached.playlistItems ?? {};
    if (cached.liked) this.liked.restore(cached.liked);
    if (cached.playlists) this.playlists.restore(cached.playlists);
    this.#logger.info(`[library] restored ${cached.liked?.items.length ?? 0} liked songs and ${cached.playlists?.items.length ?? 0} playlists from the cache`);
    return true;
  }

  /** Background revalidation after a restore: cheap when nothing changed. */
  async revalidate(): Promise<void> {
    await Promise.all([
      this.liked.isLoaded ? this.liked.revalidate(trackKey) : Promise.resolve(),
      this.playlists.isLoaded ? this.playlists.revalidate() : Promise.resolve(),
    ]);
  }

  /** The user's Refresh: everything loaded is fetched again, keeping how much was loaded. */
  async refresh(): Promise<void> {
    const loadedEntries = [...this.#playlistEntries.values()].filter((entries) => entries.list.isLoaded);
    // Lists never opened stay unloaded: Refresh is not a reason to fetch what nobody looked at.
    const lists = [this.liked, this.playlists, ...loadedEntries.map((entries) => entries.list)];
    await Promise.all(lists.filter((list) => list.isLoaded || list.error).map((list) => list.refresh()));
  }

  /** The entries of `playlist`, reusing cached ones while its snapshot_id is unchanged. */
  entriesOf(playlist: PlaylistRecord): PagedList<TrackRecord> {
    const existing = this.#playlistEntries.get(playlist.id);
    if (existing) return existing.list;
    const list = new PagedList(
      (offset, limit, signal) => this.#api.playlistItems(playlist.id, offset, limit, { signal }),
      this.#pageSize,
      () => {
        const entries = this.#playlistEntries.get(playlist.id);
        if (entries && list.isLoaded && !list.isLoading) entries.snapshotId = this.#playlistById(playlist.id)?.snapshotId ?? entries.snapshotId;
        this.#changed({ list: 'playlist', playlistId: playlist.id });
      },
    );
    this.#playlistEntries.set(playlist.id, { list, snapshotId: playlist.snapshotId });
    const cached = this.#cachedEntries[playlist.id];
    if (cached && playlist.snapshotId && cached.snapshotId === playlist.snapshotId) list.restore(cached);
    return list;
  }

  /** Cancels the requests for a playlist whose node was collapsed. */
  cancelEntries(playlistId: string): void {
    const entries = this.#playlistEntries.get(playlistId);
    if (entries?.list.isLoading) entries.list.cancel();
  }

  /** The user signed out: their library leaves the disk too (a session Spotify ended keeps it). */
  async forget(accountId: string): Promise<void> {
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    if (this.#accountId === accountId) this.reset();
    await this.#saving; // a write already under way must not bring the file back
    await this.#store?.delete(accountId);
  }

  /** Sign-out or account switch: cancel everything and forget the lists (the cache stays on disk). */
  reset(): void {
    this.#flushSave();
    this.#accountId = undefined;
    this.#cachedEntries = {};
    for (const entries of this.#playlistEntries.values()) entries.list.cancel();
    this.#playlistEntries.clear();
    this.liked.restore({ items: [] });
    this.playlists.restore({ items: [] });
    this.#changed({ list: 'liked' });
  }

  dispose(): void {
    this.#flushSave();
    this.#changeEmitter.dispose();
  }

  #playlistById(id: string): PlaylistRecord | undefined {
    return this.playlists.items.find((playlist) => playlist.id === id);
  }

  /** A playlist whose snapshot_id moved on has new entries: loaded ones re-sync, cached ones go. */
  #dropStaleEntries(): void {
    for (const playlist of this.playlists.items) {
      const entries = this.#playlistEntries.get(playlist.id);
      if (entries && entries.snapshotId !== undefined && playlist.snapshotId !== entries.snapshotId) {
        entries.snapshotId = playlist.snapshotId;
        if (entries.list.isLoaded) void entries.list.refresh();
      }
      const cached = this.#cachedEntries[playlist.id];
      if (cached && cached.snapshotId !== playlist.snapshotId) delete this.#cachedEntries[playlist.id];
    }
  }

  #changed(change: LibraryChange): void {
    this.#changeEmitter.fire(change);
    this.#scheduleSave();
  }

  #scheduleSave(): void {
    if (!this.#store || !this.#accountId || this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  #flushSave(): void {
    if (!this.#saveTimer) return;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    void this.save();
  }

  /** Writes what is loaded; call directly (e.g. from tests or the benchmark) to persist now. */
  async save(): Promise<void> {
    const accountId = this.#accountId;
    if (!this.#store || !accountId || !(this.liked.isLoaded || this.playlists.isLoaded)) return;
    const playlistItems: NonNullable<CachedLibrary['playlistItems']> = { ...this.#cachedEntries };
    for (const [id, entries] of this.#playlistEntries) {
      if (entries.list.isLoaded && !entries.list.isLoading) playlistItems[id] = { snapshotId: entries.snapshotId, ...entries.list.snapshot() };
    }
    const library: CachedLibrary = {
      version: 1,
      savedAt: Date.now(),
      liked: this.liked.snapshot(),
      playlists: this.playlists.isLoaded ? this.playlists.snapshot() : undefined,
      playlistItems,
    };
    const store = this.#store;
    this.#saving = this.#saving.then(() =>
      store.save(accountId, library).catch((error: unknown) => this.#logger.warn(`[library] could not write the cache: ${String(error)}`)),
    );
    await this.#saving;
  }
}
