import { Emitter } from '../common/emitter';
import type { Logger } from '../common/logger';
import { CACHE_VERSION, type CachedLibrary, readCachedLibrary } from './cachedLibrary';
import type { LibraryApi } from './libraryApi';
import { PagedList } from './pagedList';
import { type PlaylistRecord, type TrackRecord, trackKey } from './records';

export type { CachedLibrary };

/** Which list changed: Liked Songs, the playlist list, or one playlist's entries. */
export type LibraryChange = { list: 'liked' } | { list: 'playlists' } | { list: 'playlist'; playlistId: string };

export interface LibraryCacheStore {
  /** The file's parsed content, unchecked (the model checks it); undefined when there is none. */
  load(accountId: string): Promise<unknown>;
  /**
   * Writes the library of a model that opened the account at `openedAt` (epoch ms). A store shared
   * by several windows drops the write when the account's cache was deleted after that (signed out
   * elsewhere).
   */
  save(accountId: string, library: CachedLibrary, openedAt: number): Promise<void>;
  /** Deletes the account's cache for good: no save from a model opened before this writes it back. */
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
  /** When the current account was opened: a save from before a sign-out elsewhere is dropped. */
  #openedAt = 0;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Cache writes, one after another. */
  #saving: Promise<void> = Promise.resolve();
  #disposed = false;

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
    this.liked = new PagedList((offset, limit, signal, lane) => this.#api.likedTracks(offset, limit, { signal, lane }), pageSize, () => this.#changed({ list: 'liked' }));
    this.playlists = new PagedList(
      (offset, limit, signal, lane) => this.#api.playlists(offset, limit, { signal, lane }),
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
    this.#openedAt = Date.now();
    let raw: unknown;
    try {
      raw = await this.#store?.load(accountId);
    } catch (error) {
      // The error's name only: a JSON error quotes the file's text.
      this.#logger.warn(`[library] ignored the cached library: it could not be read (${error instanceof Error ? error.name : 'unknown error'}); the next save replaces it`);
      return false;
    }
    if (this.#accountId !== accountId || raw === undefined) return false;
    const cached = readCachedLibrary(raw);
    if (!cached) {
      this.#logger.warn('[library] ignored the cached library: it is not one this version wrote; the next save replaces it');
      return false;
    }
    this.#cachedEntries = { ...cached.playlistItems };
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

  /**
   * The user's Refresh, by the revalidation paths: Liked Songs incrementally, the playlist list
   * read again, a playlist's entries only when its snapshot_id changed; lists that failed try again.
   * Lists never opened stay unloaded: Refresh is not a reason to fetch what nobody looked at.
   */
  async refresh(): Promise<void> {
    const failed = [...this.#playlistEntries.values()].map((entries) => entries.list).filter((list) => !list.isLoaded && list.error);
    const again = (list: PagedList<unknown>, revalidate: () => Promise<void>) => (list.isLoaded ? revalidate() : list.error ? list.retry() : Promise.resolve());
    await Promise.all([
      again(this.liked, () => this.liked.revalidate(trackKey)),
      again(this.playlists, () => this.playlists.revalidate()),
      ...failed.map((list) => list.retry()),
    ]);
    // Playlists whose snapshot_id moved on are re-syncing now (see #dropStaleEntries): Refresh ends with them.
    await Promise.all([...this.#playlistEntries.values()].map((entries) => entries.list.whenIdle()));
  }

  /** The entries of `playlist`, reusing cached ones while its snapshot_id is unchanged. */
  entriesOf(playlist: PlaylistRecord): PagedList<TrackRecord> {
    const existing = this.#playlistEntries.get(playlist.id);
    if (existing) return existing.list;
    const list = new PagedList(
      (offset, limit, signal, lane) => this.#api.playlistItems(playlist.id, offset, limit, { signal, lane }),
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
    this.#api.forgetMissingEndpoints();
    this.#accountId = undefined;
    this.#cachedEntries = {};
    for (const entries of this.#playlistEntries.values()) entries.list.cancel();
    this.#playlistEntries.clear();
    this.liked.restore({ items: [] });
    this.playlists.restore({ items: [] });
    this.#changed({ list: 'liked' });
  }

  dispose(): void {
    this.#disposed = true;
    this.#flushSave();
    this.#changeEmitter.dispose();
  }

  /** Closing VS Code: writes what is not saved yet and waits for it, at most `timeoutMs`. */
  async flushAndDispose(timeoutMs: number): Promise<void> {
    this.dispose();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.#saving, timeout]);
    clearTimeout(timer);
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
        if (entries.list.isLoaded) void entries.list.revalidate();
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
    if (!this.#store || !this.#accountId || this.#saveTimer || this.#disposed) return;
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
      version: CACHE_VERSION,
      savedAt: Date.now(),
      liked: this.liked.snapshot(),
      playlists: this.playlists.isLoaded ? this.playlists.snapshot() : undefined,
      playlistItems,
    };
    const store = this.#store;
    const openedAt = this.#openedAt;
    this.#saving = this.#saving.then(() =>
      store.save(accountId, library, openedAt).catch((error: unknown) => this.#logger.warn(`[library] could not write the cache: ${String(error)}`)),
    );
    await this.#saving;
  }
}
