import type { RequestLane } from '../api/requestGate';
import { ForbiddenError, MissingScopeError, SessionExpiredError } from '../api/errors';
import { Emitter } from '../common/emitter';
import type { Logger } from '../common/logger';
import { SECTION_IDS, type SectionId } from '../common/sections';
import { CACHE_VERSION, type CachedLibrary, readCachedLibrary } from './cachedLibrary';
import type { LibraryApi } from './libraryApi';
import { LikedMarks } from './likedMarks';
import { CHILD_LISTS, type ChildListKind, type ListDescription, SECTION_LISTS, type SectionItem } from './listDescriptions';
import { cursorPages, type FetchPage, PagedList } from './pagedList';
import type { PlaylistRecord, TrackRecord } from './records';

export type { CachedLibrary };

/**
 * Which list changed: Liked Songs, the playlist list, one playlist's entries, another section, or
 * a list under a row (`key` as childKey() makes it).
 */
export type LibraryChange =
  | { list: 'liked' }
  | { list: 'playlists' }
  | { list: 'playlist'; playlistId: string }
  | { list: 'section'; section: SectionId }
  | { list: 'child'; key: string };

type ChildParent<K extends ChildListKind> = Parameters<(typeof CHILD_LISTS)[K]['fetchPage']>[1];
type ChildItem<K extends ChildListKind> = Awaited<ReturnType<(typeof CHILD_LISTS)[K]['fetchPage']>>['items'][number];

/** The key of the list under a row: `album:<id>`, `artist:<id>`, `show:<id>`. */
export function childKey(kind: ChildListKind, parentId: string): string {
  return `${kind}:${parentId}`;
}

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
  readonly #accessEmitter = new Emitter<void>();
  /**
   * The signed-in account or its granted scopes changed (sign-in, sign-out, Grant Access, a
   * session restored at startup once its scopes are known). A token refresh changes neither.
   */
  readonly onDidChangeAccess = this.#accessEmitter.event;
  #accessKey = '';

  readonly liked: PagedList<TrackRecord>;
  readonly playlists: PagedList<PlaylistRecord>;
  readonly #sections = new Map<SectionId, PagedList<unknown>>();
  /** Lists under rows (an album's tracks...), made when first expanded. */
  readonly #childLists = new Map<string, PagedList<unknown>>();
  /** How many entries a child list got from its parent (an album's first tracks), by the list's key. */
  readonly #seededLengths = new Map<string, number>();
  /** The current session's scopes; undefined when unknown (then every list just asks Spotify). */
  #grantedScopes: readonly string[] | undefined;
  readonly #playlistEntries = new Map<string, PlaylistEntries>();
  #opening = false;
  /** Entries restored from the cache, adopted when their playlist's snapshot_id still matches. */
  #cachedEntries: NonNullable<CachedLibrary['playlistItems']> = {};
  /** Lists under rows restored from the cache, taken when their row is first expanded. */
  #cachedChildren: NonNullable<CachedLibrary['children']> = {};
  #accountId: string | undefined;
  /** When the current account was opened: a save from before a sign-out elsewhere is dropped. */
  #openedAt = 0;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Cache writes, one after another. */
  #saving: Promise<void> = Promise.resolve();
  #disposed = false;
  /** Liked or not, as writes and Spotify's contains answers said, for tracks Liked Songs does not (yet) show. */
  readonly #likedMarks: LikedMarks;
  /** The ids Liked Songs holds now (made again when it changes). */
  #likedIds: Set<string> | undefined;

  readonly #api: LibraryApi;
  readonly #pageSize: () => number;
  readonly #logger: Logger;
  readonly #store: LibraryCacheStore | undefined;
  readonly #shownSections: () => readonly SectionId[];

  constructor(
    api: LibraryApi,
    pageSize: () => number,
    logger: Logger,
    store?: LibraryCacheStore,
    shownSections: () => readonly SectionId[] = () => SECTION_IDS,
  ) {
    this.#api = api;
    this.#pageSize = pageSize;
    this.#logger = logger;
    this.#store = store;
    this.#shownSections = shownSections;
    this.#likedMarks = new LikedMarks((ids) => this.#askLiked(ids), (ids) => this.#repaintTracks(ids), logger);
    for (const id of SECTION_IDS) {
      const change: LibraryChange = id === 'liked' ? { list: 'liked' } : id === 'playlists' ? { list: 'playlists' } : { list: 'section', section: id };
      const list = this.#listFor(SECTION_LISTS[id] as ListDescription<unknown>, undefined, () => {
        if (id === 'playlists') this.#dropStaleEntries();
        if (id === 'liked') this.#likedIds = undefined;
        this.#changed(change);
      });
      this.#sections.set(id, list);
    }
    this.liked = this.section('liked');
    this.playlists = this.section('playlists');
  }

  /** The sections the user shows, in their order. */
  get shownSections(): readonly SectionId[] {
    return this.#shownSections();
  }

  /** The list behind a section's root. */
  section<K extends SectionId>(id: K): PagedList<SectionItem<K>> {
    return this.#sections.get(id) as PagedList<SectionItem<K>>;
  }

  /** The list under a row (an album's tracks, an artist's albums, a show's episodes); a saved album's first page costs no request. */
  childList<K extends ChildListKind>(kind: K, parent: ChildParent<K> & { id: string }): PagedList<ChildItem<K>> {
    const key = childKey(kind, parent.id);
    let list = this.#childLists.get(key);
    if (!list) {
      const description = CHILD_LISTS[kind] as unknown as ListDescription<unknown, unknown>;
      list = this.#listFor(description, parent, () => this.#changed({ list: 'child', key }));
      this.#childLists.set(key, list);
      const cached = this.#cachedChildren[key];
      const seed = description.seed?.(parent);
      if (seed) this.#seededLengths.set(key, seed.items.length);
      if (cached && seed && cached.items.length > seed.items.length) {
        // An album's tracks past the first page, as loaded before: an album's tracks do not change.
        delete this.#cachedChildren[key];
        list.restore(cached);
      } else if (cached && !seed) {
        // Cache first, then brought up to date behind it (a show's new episodes: one request).
        delete this.#cachedChildren[key];
        list.restore(cached);
        void (description.revalidation === 'reload' ? list.revalidate() : list.revalidate(description.keyOf, description.revalidation));
      } else if (seed) list.restore(seed);
    }
    return list as PagedList<ChildItem<K>>;
  }

  /** Scopes the session lacks for `description` (none when the session's scopes are unknown). */
  missingScopes(scopes: readonly string[]): string[] {
    const granted = this.#grantedScopes;
    return granted ? scopes.filter((scope) => !granted.includes(scope)) : [];
  }

  get grantedScopes(): readonly string[] | undefined {
    return this.#grantedScopes;
  }

  /**
   * The session's scopes now. When they grew (Grant Access), lists that stopped for a missing
   * scope load, and lists that lacked a detail (resume points) are read again; nothing else moves.
   */
  setGrantedScopes(scopes: readonly string[]): void {
    const before = this.#grantedScopes;
    this.#grantedScopes = [...scopes];
    this.#accessMayHaveChanged();
    if (!before) return;
    const added = scopes.filter((scope) => !before.includes(scope));
    if (added.length === 0) return;
    for (const [id, list] of this.#sections) {
      if (list.error instanceof MissingScopeError) void list.retry();
      else if (list.isLoaded && SECTION_LISTS[id].extraScopes?.some((scope) => added.includes(scope))) void list.refresh();
    }
    for (const [key, list] of this.#childLists) {
      const kind = key.slice(0, key.indexOf(':')) as ChildListKind;
      if (list.error instanceof MissingScopeError) void list.retry();
      else if (list.isLoaded && (CHILD_LISTS[kind] as ListDescription<unknown, unknown>).extraScopes?.some((scope) => added.includes(scope))) void list.refresh();
    }
  }

  /**
   * A new sign-in for the same account: the lists that stopped because Spotify no longer accepted
   * the old one load again. Only those: a token refresh brings them back too, and nothing else moves.
   */
  retryRejectedSession(): void {
    const lists = [...this.#sections.values(), ...[...this.#playlistEntries.values()].map((entries) => entries.list), ...this.#childLists.values()];
    for (const list of lists) if (list.error instanceof SessionExpiredError) void list.retry();
  }

  /** A PagedList that reads as `description` says: scopes checked first, cursor paging adapted. */
  #listFor<T, P>(description: ListDescription<T, P>, parent: P, onDidChange: () => void): PagedList<T> {
    const checked = async (position: { offset: number; limit: number; after?: string }, signal: AbortSignal, lane: RequestLane) => {
      const missing = this.missingScopes(description.scopes);
      // Known missing: no request that Spotify would refuse.
      if (missing.length > 0) throw new MissingScopeError(missing);
      try {
        return await description.fetchPage(this.#api, parent, position, { signal, lane });
      } catch (error) {
        if (error instanceof ForbiddenError && error.reason === 'insufficientScope' && !(error instanceof MissingScopeError)) throw new MissingScopeError(description.scopes);
        throw error;
      }
    };
    let list: PagedList<T> | undefined = undefined;
    const fetchPage: FetchPage<T> =
      description.paging === 'cursor'
        ? cursorPages(
            (after, offset, limit, signal, lane) => checked({ offset, limit, after }, signal, lane),
            // After a restore the cursors are gone: the last entry's key is where the next page starts.
            (offset) => (list && offset === list.nextOffset && list.items.length > 0 ? description.keyOf(list.items[list.items.length - 1]) : undefined),
          )
        : (offset, limit, signal, lane) => checked({ offset, limit }, signal, lane);
    list = new PagedList(fetchPage, this.#pageSize, onDidChange);
    return list;
  }

  /** While the account's cache is being read: its lists are not known yet (a count asked now would be thrown away). */
  get isOpeningAccount(): boolean {
    return this.#opening;
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
    this.#opening = true;
    try {
      raw = await this.#store?.load(accountId);
    } catch (error) {
      // The error's name only: a JSON error quotes the file's text.
      this.#logger.warn(`[library] ignored the cached library: it could not be read (${error instanceof Error ? error.name : 'unknown error'}); the next save replaces it`);
      return false;
    } finally {
      this.#opening = false;
    }
    if (this.#accountId !== accountId || raw === undefined) return false;
    const cached = readCachedLibrary(raw, (id) => (SECTION_IDS.includes(id as SectionId) && !isOwnCacheSlot(id) ? SECTION_LISTS[id as SectionId].isItem : undefined), (key) => {
      const kind = key.slice(0, key.indexOf(':'));
      return Object.hasOwn(CHILD_LISTS, kind) ? (CHILD_LISTS[kind as ChildListKind] as ListDescription<unknown, unknown>).isItem : undefined;
    });
    if (!cached) {
      this.#logger.warn('[library] ignored the cached library: it is not one this version wrote; the next save replaces it');
      return false;
    }
    this.#cachedEntries = { ...cached.playlistItems };
    this.#cachedChildren = { ...cached.children };
    if (cached.liked) this.liked.restore(cached.liked);
    if (cached.playlists) this.playlists.restore(cached.playlists);
    for (const [id, snapshot] of Object.entries(cached.sections ?? {})) this.#sections.get(id as SectionId)?.restore(snapshot);
    this.#logger.info(`[library] restored ${cached.liked?.items.length ?? 0} liked songs, ${cached.playlists?.items.length ?? 0} playlists and ${Object.keys(cached.sections ?? {}).length} other sections from the cache`);
    return true;
  }

  /** Background revalidation after a restore: cheap when nothing changed. */
  async revalidate(): Promise<void> {
    // Hidden sections cost no request, even when the cache holds them.
    await Promise.all(this.#shownSections().map((id) => (this.section(id).isLoaded ? this.#revalidateSection(id) : Promise.resolve())));
  }

  /** The playlist list read again (a playlist followed again elsewhere shows): cheap when nothing changed. */
  revalidatePlaylists(): Promise<void> {
    return this.playlists.isLoaded ? this.#revalidateSection('playlists') : this.playlists.ensureLoaded();
  }

  #revalidateSection(id: SectionId): Promise<void> {
    const description = SECTION_LISTS[id] as ListDescription<unknown>;
    const list = this.section(id) as PagedList<unknown>;
    return description.revalidation === 'reload' ? list.revalidate() : list.revalidate(description.keyOf, description.revalidation);
  }

  /**
   * The user's Refresh, by the revalidation paths: Liked Songs incrementally, the playlist list
   * read again, a playlist's entries only when its snapshot_id changed; lists that failed try again.
   * Lists never opened stay unloaded: Refresh is not a reason to fetch what nobody looked at.
   */
  async refresh(): Promise<void> {
    const failed = [...[...this.#playlistEntries.values()].map((entries) => entries.list), ...this.#childLists.values()].filter((list) => !list.isLoaded && list.error);
    const again = (list: PagedList<unknown>, revalidate: () => Promise<void>) => (list.isLoaded ? revalidate() : list.error ? list.retry() : Promise.resolve());
    await Promise.all([
      ...this.#shownSections().map((id) => again(this.section(id) as PagedList<unknown>, () => this.#revalidateSection(id))),
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

  /**
   * Whether the user likes the track: from Liked Songs when it holds it (or holds all), else from
   * what writes and Spotify's contains answers said; undefined when not known.
   */
  isLiked(trackId: string | undefined): boolean | undefined {
    if (!trackId) return undefined;
    this.#likedIds ??= new Set(this.liked.items.flatMap((track) => (track.id ? [track.id] : [])));
    if (this.#likedIds.has(trackId)) return true;
    const known = this.#likedMarks.get(trackId);
    if (known !== undefined) return known;
    return this.liked.isLoaded && !this.liked.hasMore ? false : undefined;
  }

  /**
   * The user (un)liked these tracks: Liked Songs shows it at once (on top, newest first) and every
   * list showing them repaints. Returns how to take it back when Spotify refuses.
   */
  setLiked(tracks: readonly TrackRecord[], liked: boolean, addedAt = new Date()): () => void {
    const ids = new Set(tracks.flatMap((track) => (track.id ? [track.id] : [])));
    const before = new Map([...ids].map((id) => [id, this.#likedMarks.get(id)]));
    for (const id of ids) this.#likedMarks.set(id, liked);
    let added: TrackRecord[] = [];
    let removed: Array<{ track: TrackRecord; index: number }> = [];
    if (this.liked.isLoaded) {
      const likedBefore = this.liked.items;
      // Spotify's added_at has whole seconds; the same here, so the row keeps its id when Spotify's answer comes.
      const stamp = `${addedAt.toISOString().slice(0, 19)}Z`;
      added = liked ? tracks.filter((track, i) => track.id && this.#isLikedInList(track.id) === false && tracks.findIndex((other) => other.id === track.id) === i).map((track) => ({ ...track, addedAt: stamp, disc: undefined, number: undefined })) : [];
      removed = liked ? [] : likedBefore.flatMap((track, index) => (track.id && ids.has(track.id) ? [{ track, index }] : []));
      const kept = liked ? likedBefore : likedBefore.filter((track) => !track.id || !ids.has(track.id));
      if (added.length > 0 || removed.length > 0) this.liked.applyLocalEdit([...[...added].reverse(), ...kept], added.length - removed.length);
    }
    this.#likedIds = undefined;
    this.#repaintTracks(ids);
    // Undoes this change only: writes that overlapped it keep theirs (rows are told apart by identity).
    return () => {
      for (const [id, value] of before) {
        if (this.#likedMarks.get(id) !== liked) continue; // a later write decided since
        this.#likedMarks.set(id, value);
      }
      if (this.liked.isLoaded && (added.length > 0 || removed.length > 0)) {
        const mine = new Set<TrackRecord>(added);
        const items = this.liked.items.filter((track) => !mine.has(track));
        for (const { track, index } of removed) if (!items.some((other) => other.id === track.id)) items.splice(Math.min(index, items.length), 0, track);
        this.liked.applyLocalEdit(items, items.length - this.liked.items.length);
      }
      this.#likedIds = undefined;
      this.#repaintTracks(ids);
    };
  }

  #isLikedInList(trackId: string): boolean {
    this.#likedIds ??= new Set(this.liked.items.flatMap((track) => (track.id ? [track.id] : [])));
    return this.#likedIds.has(trackId);
  }

  /**
   * Asks Spotify whether the user likes these shown tracks, for those nobody knows about yet. The
   * tree asks for each row as it builds it; asks gather into requests of 40, one at a time, on the
   * background lane (nobody clicked for it); answers are kept, and the rows repaint when they come.
   * Resolves when each was answered or its request failed.
   */
  learnLikedState(tracks: readonly TrackRecord[]): Promise<void> {
    if (this.missingScopes(SECTION_LISTS.liked.scopes).length > 0) return Promise.resolve();
    return this.#likedMarks.ask(tracks.flatMap((track) => (track.kind === 'track' && track.id && this.isLiked(track.id) === undefined ? [track.id] : [])));
  }

  /** One contains request about these tracks; nothing when the account changed meanwhile. */
  async #askLiked(ids: readonly string[]): Promise<ReadonlyMap<string, boolean>> {
    const account = this.#accountId;
    const answer = await this.#api.libraryContains(ids.map((id) => `spotify:track:${id}`), { lane: 'background' });
    if (account !== this.#accountId) return new Map();
    return new Map([...answer].map(([uri, liked]) => [uri.slice('spotify:track:'.length), liked]));
  }

  /** Lists that show any of these tracks repaint (their rows' liked marker). */
  #repaintTracks(ids: ReadonlySet<string>): void {
    const shows = (items: readonly unknown[]) => items.some((item) => ids.has((item as { id?: string }).id ?? ''));
    for (const [playlistId, entries] of this.#playlistEntries) if (shows(entries.list.items)) this.#changed({ list: 'playlist', playlistId });
    for (const [key, list] of this.#childLists) if (key.startsWith('albumTracks:') && shows(list.items)) this.#changed({ list: 'child', key });
  }

  /** Whether the section holds the item (an album saved, an artist followed); undefined when not known. */
  isSaved(section: 'albums' | 'artists' | 'shows' | 'episodes', id: string | undefined): boolean | undefined {
    const list = this.section(section) as PagedList<{ id?: string }>;
    if (!id || !list.isLoaded) return undefined;
    if (list.items.some((item) => item.id === id)) return true;
    return list.hasMore ? undefined : false;
  }

  /** A song's record as a loaded list shows it (Liked Songs, a playlist, an album), for a command given only its URI. */
  knownTrack(trackId: string): TrackRecord | undefined {
    const lists = [this.liked, ...[...this.#playlistEntries.values()].map((entries) => entries.list), ...[...this.#childLists].filter(([key]) => key.startsWith('albumTracks:')).map(([, list]) => list as PagedList<TrackRecord>)];
    for (const list of lists) {
      const found = list.items.find((track) => track.id === trackId && track.kind === 'track');
      if (found) return found;
    }
    return undefined;
  }

  /** A playlist of the user's list by id. */
  playlistById(playlistId: string): PlaylistRecord | undefined {
    return this.#playlistById(playlistId);
  }

  /** Whether the user may change the playlist's entries: their own, or collaborative. */
  canEdit(playlist: PlaylistRecord): boolean {
    return playlist.collaborative || (playlist.ownerId !== undefined && playlist.ownerId === this.#accountId);
  }

  /**
   * A playlist changed by the user: its count moves at once, and the snapshot_id Spotify answered
   * with is stored for the entries and the playlist alike, so the next revalidation finds it
   * unchanged and downloads nothing.
   */
  recordPlaylistChange(playlistId: string, change: { totalDelta?: number; snapshotId?: string }): void {
    const entries = this.#playlistEntries.get(playlistId);
    if (entries && change.snapshotId) entries.snapshotId = change.snapshotId;
    const index = this.playlists.items.findIndex((playlist) => playlist.id === playlistId);
    if (index < 0) return;
    const playlist = this.playlists.items[index];
    const updated: PlaylistRecord = {
      ...playlist,
      total: playlist.total === undefined ? undefined : Math.max(0, playlist.total + (change.totalDelta ?? 0)),
      snapshotId: change.snapshotId ?? playlist.snapshotId,
    };
    const items = [...this.playlists.items];
    items[index] = updated;
    this.playlists.applyLocalEdit(items, 0);
  }

  /**
   * Whether the loaded entries are the playlist as Spotify has it now: one read of its snapshot_id
   * (Spotify takes a write on a stale snapshot_id, so only this tells). The user's action: interactive.
   */
  async entriesAreCurrent(playlistId: string): Promise<{ current: boolean; snapshotId?: string }> {
    const snapshotId = await this.#api.playlistSnapshotId(playlistId, { lane: 'interactive' });
    const loadedAt = this.#playlistEntries.get(playlistId)?.snapshotId;
    return { current: snapshotId !== undefined && snapshotId === loadedAt, snapshotId };
  }

  /**
   * A write landed on a playlist whose entries were not Spotify's current ones (changed on another
   * device): the snapshot_id it answered is not the loaded entries', so they are read again.
   */
  revalidateAfterStaleWrite(playlistId: string, snapshotId: string | undefined): void {
    const entries = this.#playlistEntries.get(playlistId);
    this.recordPlaylistChange(playlistId, { snapshotId });
    // Its count in Playlists follows what Spotify answers, not the count the write moved.
    if (entries?.list.isLoaded) void entries.list.refresh().then(() => this.#setPlaylistTotal(playlistId, entries.list.error ? undefined : entries.list.total));
    else void this.#revalidateSection('playlists');
  }

  #setPlaylistTotal(playlistId: string, total: number | undefined): void {
    const index = this.playlists.items.findIndex((playlist) => playlist.id === playlistId);
    if (index < 0 || total === undefined || this.playlists.items[index].total === total) return;
    const items = [...this.playlists.items];
    items[index] = { ...items[index], total };
    this.playlists.applyLocalEdit(items, 0);
  }

  /**
   * Shows a change of a playlist's row at once (a rename, a new description or visibility, or
   * its removal when `patch` is 'removed'); returns how to take back exactly that change.
   */
  editPlaylistRow(playlistId: string, patch: Partial<Pick<PlaylistRecord, 'name' | 'description' | 'isPublic' | 'collaborative'>> | 'removed'): () => void {
    const index = this.playlists.items.findIndex((playlist) => playlist.id === playlistId);
    if (index < 0) return () => undefined;
    const before = this.playlists.items[index];
    const items = [...this.playlists.items];
    if (patch === 'removed') {
      items.splice(index, 1);
      this.playlists.applyLocalEdit(items, -1);
      return () => {
        if (this.playlists.items.some((playlist) => playlist.id === playlistId)) return;
        const shown = [...this.playlists.items];
        shown.splice(Math.min(index, shown.length), 0, before);
        this.playlists.applyLocalEdit(shown, 1);
      };
    }
    const changed: PlaylistRecord = { ...before, ...patch };
    items[index] = changed;
    this.playlists.applyLocalEdit(items, 0);
    return () => {
      const at = this.playlists.items.indexOf(changed);
      if (at < 0) return;
      const shown = [...this.playlists.items];
      shown[at] = before;
      this.playlists.applyLocalEdit(shown, 0);
    };
  }

  /** A playlist the user just created, on top of the list as Spotify lists it. */
  addCreatedPlaylist(playlist: PlaylistRecord): void {
    if (this.playlists.isLoaded) this.playlists.applyLocalEdit([playlist, ...this.playlists.items], 1);
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
    this.#cachedChildren = {};
    this.#likedMarks.clear();
    this.#likedIds = undefined;
    for (const entries of this.#playlistEntries.values()) entries.list.cancel();
    this.#playlistEntries.clear();
    for (const list of this.#childLists.values()) list.cancel();
    this.#childLists.clear();
    this.#seededLengths.clear();
    this.#grantedScopes = undefined;
    this.#accessMayHaveChanged();
    for (const list of this.#sections.values()) list.restore({ items: [] });
    this.#changed({ list: 'liked' });
  }

  dispose(): void {
    this.#disposed = true;
    this.#likedMarks.clear();
    this.#flushSave();
    this.#changeEmitter.dispose();
    this.#accessEmitter.dispose();
  }

  /** Closing VS Code: writes what is not saved yet and waits for it, at most `timeoutMs`. */
  async flushAndDispose(timeoutMs: number): Promise<void> {
    this.dispose();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.#saving, timeout]);
    clearTimeout(timer);
  }

  /** Lists under rows worth keeping: an album's first page comes with the album, so album tracks are not. */
  #childSnapshots(): NonNullable<CachedLibrary['children']> {
    const children: NonNullable<CachedLibrary['children']> = { ...this.#cachedChildren };
    for (const [key, list] of this.#childLists) {
      // A list seeded from its parent (an album's first tracks) is kept only for what it loaded beyond that.
      const seeded = this.#seededLengths.get(key);
      if (list.isLoaded && !list.isLoading && (seeded === undefined || list.items.length > seeded)) children[key] = list.snapshot();
    }
    // A removed album's, unfollowed artist's or removed show's list goes with it (when its section is loaded to tell).
    const listed = (section: 'albums' | 'artists' | 'shows', id: string) => !this.section(section).isLoaded || this.section(section).hasMore || this.section(section).items.some((item) => item.id === id);
    for (const key of Object.keys(children)) {
      const id = key.slice(key.indexOf(':') + 1);
      if ((key.startsWith('albumTracks:') && !listed('albums', id)) || (key.startsWith('artistAlbums:') && !listed('artists', id)) || (key.startsWith('showEpisodes:') && !listed('shows', id))) delete children[key];
    }
    return children;
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

  #accessMayHaveChanged(): void {
    const key = this.#grantedScopes === undefined ? '' : `${this.#accountId ?? ''} ${[...this.#grantedScopes].sort().join(' ')}`;
    if (key === this.#accessKey) return;
    this.#accessKey = key;
    this.#accessEmitter.fire();
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
    if (!this.#store || !accountId || ![...this.#sections.values()].some((list) => list.isLoaded)) return;
    const playlistItems: NonNullable<CachedLibrary['playlistItems']> = { ...this.#cachedEntries };
    for (const [id, entries] of this.#playlistEntries) {
      if (entries.list.isLoaded && !entries.list.isLoading) playlistItems[id] = { snapshotId: entries.snapshotId, ...entries.list.snapshot() };
    }
    const library: CachedLibrary = {
      version: CACHE_VERSION,
      savedAt: Date.now(),
      covers: true,
      liked: this.liked.snapshot(),
      playlists: this.playlists.isLoaded ? this.playlists.snapshot() : undefined,
      playlistItems,
      children: this.#childSnapshots(),
      sections: Object.fromEntries([...this.#sections].filter(([id, list]) => !isOwnCacheSlot(id) && list.isLoaded).map(([id, list]) => [id, list.snapshot()])),
    };
    const store = this.#store;
    const openedAt = this.#openedAt;
    this.#saving = this.#saving.then(() =>
      store.save(accountId, library, openedAt).catch((error: unknown) => this.#logger.warn(`[library] could not write the cache: ${String(error)}`)),
    );
    await this.#saving;
  }
}

/** Liked Songs and the playlists keep the cache slots they had before the other sections came. */
function isOwnCacheSlot(id: string): boolean {
  return id === 'liked' || id === 'playlists';
}
