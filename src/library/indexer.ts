import { CancelledError, ForbiddenError, NotFoundError, RateLimitedError } from '../api/errors';
import type { RequestOptions } from '../api/spotifyClient';
import { sleep } from '../api/requestGate';
import { Emitter } from '../common/emitter';
import { SECTION_INFO, type SectionId } from '../common/sections';
import type { Logger } from '../common/logger';
import type { LibraryApi } from './libraryApi';
import { type IndexFields, LibraryIndex } from './libraryIndex';
import type { LibraryModel } from './libraryModel';
import type { PagedList } from './pagedList';
import { type PageResult, type PlaylistRecord, type TrackRecord, playlistUri, trackUri } from './records';
import { l10n } from '../common/l10n';

/** One list Find covers: how to name and index its records, and how the indexer fetches a page of it. */
export interface IndexedListSource<T> {
  readonly listId: string;
  readonly name: string;
  readonly list: PagedList<T>;
  readonly fields: (record: T) => IndexFields | undefined;
  /** Undefined: the indexer leaves the list alone (Find still covers what the tree loaded). */
  readonly fetchPage?: (offset: number, limit: number, options: RequestOptions) => Promise<PageResult<T>>;
  /** For a list that pages itself (cursor paging): loads its next page on the background lane. */
  readonly loadNextPage?: () => Promise<void>;
  /** A newest-first list brings itself up to date cheaply when the indexer finds it changed. */
  readonly newestFirst?: (record: T) => string;
}

export interface IndexProgress {
  likedIndexed: number;
  likedTotal: number | undefined;
  playlistsIndexed: number;
  playlistsTotal: number | undefined;
  running: boolean;
  paused: boolean;
  complete: boolean;
  /** Spotify asked to wait (429) until then. */
  waitingUntil?: number;
  /** Why the last run stopped early; cleared by the next run. */
  failure?: string;
}

export function trackFields(track: TrackRecord): IndexFields | undefined {
  if (track.kind === 'removed') return undefined;
  const key = trackUri(track) ?? `name:${track.name}|${track.byline}`;
  return { kind: track.kind === 'episode' ? 'episode' : 'track', key, name: track.name, byline: track.byline, album: track.album };
}

export function playlistFields(playlist: PlaylistRecord): IndexFields {
  return { kind: 'playlist', key: playlistUri(playlist), name: playlist.name, byline: playlist.ownerName };
}

const recordFields = (kind: 'album' | 'artist' | 'show') => (record: { id: string; name: string; byline?: string }): IndexFields => ({
  kind,
  key: `spotify:${kind}:${record.id}`,
  name: record.name,
  byline: record.byline,
});

const SECTION_FIELDS: Record<'albums' | 'artists' | 'shows' | 'episodes', (record: never) => IndexFields | undefined> = {
  albums: recordFields('album'),
  artists: recordFields('artist'),
  shows: recordFields('show'),
  episodes: trackFields,
};

export const sectionListId = (section: SectionId) => `section:${section}`;

export const LIKED_LIST_ID = 'liked';
export const PLAYLISTS_LIST_ID = 'playlists';
export const playlistListId = (playlistId: string) => `playlist:${playlistId}`;

export interface LibraryIndexerOptions {
  pageSize: () => number;
  logger: Logger;
  /** The setting that pauses indexing, read before every request. */
  pausedBySetting?: () => boolean;
  /** How long to wait after the library changes before filling what the change left missing. */
  settleMs?: number;
}

/**
 * Keeps Find's index in step with the library model, and fills in what the model lacks (pages
 * never loaded, playlists never opened) on the scheduler's background lane, which paces them. Pages it fetches land in
 * the model's lists, so they persist with the cache and stay fresh through its revalidation
 * (snapshot_id for playlists, newest-first for Liked Songs); nothing complete is fetched again.
 * It runs only once started (Find opened, or the start-up setting), and runs again only when a
 * change leaves something missing: it never polls.
 */
export class LibraryIndexer {
  readonly index = new LibraryIndex();
  readonly #changeEmitter = new Emitter<void>();
  /** The index or the progress changed. */
  readonly onDidChange = this.#changeEmitter.event;

  readonly #model: LibraryModel;
  readonly #api: LibraryApi;
  readonly #options: LibraryIndexerOptions;
  readonly #seen = new Map<string, { items: readonly unknown[]; length: number; name: string }>();
  /** Playlists Spotify will not list for apps (followed, Spotify's own), by id and snapshot. */
  readonly #unreadable = new Set<string>();
  /** Lists that page themselves and failed for a reason waiting will not mend, until the next account. */
  readonly #failedLists = new Set<string>();
  readonly #subscription: { dispose(): void };
  #started = false;
  #pausedByUser = false;
  #run: Promise<void> | undefined;
  #controller = new AbortController();
  #waitingUntil: number | undefined;
  #failure: string | undefined;
  #settleTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  #accountId: string | undefined;

  constructor(model: LibraryModel, api: LibraryApi, options: LibraryIndexerOptions) {
    this.#model = model;
    this.#api = api;
    this.#options = options;
    this.#subscription = model.onDidChange(() => this.#onModelChange());
    this.#accountId = model.currentAccountId;
    this.#sync();
  }

  get started(): boolean {
    return this.#started;
  }

  get paused(): boolean {
    return this.#pausedByUser || (this.#options.pausedBySetting?.() ?? false);
  }

  /** Every list Find covers now. New sections add theirs here. */
  sources(): Array<IndexedListSource<unknown>> {
    const model = this.#model;
    const liked: IndexedListSource<TrackRecord> = {
      listId: LIKED_LIST_ID,
      name: l10n.t('Liked Songs'),
      list: model.liked,
      fields: trackFields,
      fetchPage: (offset, limit, options) => this.#api.likedTracks(offset, limit, options),
      newestFirst: (track) => `${track.id ?? track.uriOverride ?? track.name}|${track.addedAt ?? ''}`,
    };
    const playlists: IndexedListSource<PlaylistRecord> = {
      listId: PLAYLISTS_LIST_ID,
      name: l10n.t('Playlists'),
      list: model.playlists,
      fields: playlistFields,
      fetchPage: (offset, limit, options) => this.#api.playlists(offset, limit, options),
    };
    const entries = model.playlists.items.map(
      (playlist): IndexedListSource<TrackRecord> => ({
        listId: playlistListId(playlist.id),
        name: playlist.name,
        list: model.entriesOf(playlist),
        fields: trackFields,
        fetchPage: this.#isUnreadable(playlist) ? undefined : (offset, limit, options) => this.#api.playlistItems(playlist.id, offset, limit, options),
      }),
    );
    // The other sections the user shows page themselves (artists by cursor): one page at a time, in the background.
    const sections = model.shownSections
      .filter((id): id is Exclude<SectionId, 'liked' | 'playlists'> => id !== 'liked' && id !== 'playlists')
      .map((id): IndexedListSource<unknown> => {
        const list = model.section(id) as PagedList<unknown>;
        return { listId: sectionListId(id), name: SECTION_INFO[id].label, list, fields: SECTION_FIELDS[id] as (record: unknown) => IndexFields | undefined, loadNextPage: () => list.loadMore('background') };
      });
    return [playlists, liked, ...sections, ...entries] as Array<IndexedListSource<unknown>>;
  }

  /** Starts indexing (Find opened, or start-up with the setting on); again after a failure. */
  start(): void {
    this.#accountId = this.#model.currentAccountId; // openAccount fires no change when nothing was cached
    this.#started = true;
    this.#failure = undefined;
    this.#kick();
  }

  /** The quick pick's pause: stops after the request in flight is dropped. */
  pause(): void {
    this.#pausedByUser = true;
    this.#stopRun();
    this.#changeEmitter.fire();
  }

  resume(): void {
    this.#pausedByUser = false;
    this.#changeEmitter.fire();
    if (this.#started) this.#kick();
  }

  /** The pause setting changed. */
  settingChanged(): void {
    if (this.paused) this.#stopRun();
    else if (this.#started) this.#kick();
    this.#changeEmitter.fire();
  }

  /** Resolves once no run is going (finished, paused or failed). */
  async whenIdle(): Promise<void> {
    while (this.#run) await this.#run;
  }

  progress(): IndexProgress {
    const model = this.#model;
    let playlistsIndexed = 0;
    for (const playlist of model.playlists.items) {
      if (this.#isUnreadable(playlist)) playlistsIndexed++;
      else {
        const list = model.entriesOf(playlist);
        if (list.isLoaded && !list.hasMore) playlistsIndexed++;
      }
    }
    return {
      likedIndexed: model.liked.items.length,
      likedTotal: model.liked.total,
      playlistsIndexed,
      playlistsTotal: model.playlists.total,
      running: this.#run !== undefined,
      paused: this.paused,
      complete: this.#nextWork() === undefined,
      waitingUntil: this.#waitingUntil,
      failure: this.#failure,
    };
  }

  dispose(): void {
    this.#disposed = true;
    this.#stopRun();
    if (this.#settleTimer) clearTimeout(this.#settleTimer);
    this.#subscription.dispose();
    this.#changeEmitter.dispose();
  }

  /** Spotify lets apps read only playlists the user owns or collaborates on: asking for others costs a 403 each. */
  #isUnreadable(playlist: PlaylistRecord): boolean {
    const account = this.#model.currentAccountId;
    const notOwned = playlist.ownerId !== undefined && account !== undefined && playlist.ownerId !== account && !playlist.collaborative;
    return notOwned || this.#unreadable.has(unreadableKey(playlist));
  }

  #onModelChange(): void {
    // Another account (or none): it starts again the first time Find opens for it.
    if (this.#model.currentAccountId !== this.#accountId) {
      this.#accountId = this.#model.currentAccountId;
      this.#started = false;
      this.#failedLists.clear();
      this.#failure = undefined;
      this.#unreadable.clear();
    }
    this.#sync();
    // Something left missing (a re-sync kept the first pages, a new playlist): fill it in, later.
    if (!this.#started || this.#run || this.paused || this.#failure || this.#disposed || this.#settleTimer) return;
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = undefined;
      if (this.#nextWork()) this.#kick();
    }, this.#options.settleMs ?? 1_000);
  }

  /** Brings the index to what the lists hold; lists that did not change cost a comparison. */
  #sync(): void {
    if (this.#disposed) return;
    const sources = this.sources();
    const live = new Set<string>();
    let changed = false;
    for (const source of sources) {
      live.add(source.listId);
      const items = source.list.items;
      const seen = this.#seen.get(source.listId);
      if (seen && seen.items === items && seen.length === items.length && seen.name === source.name) continue;
      this.index.setList(source.listId, source.name, items, source.fields);
      this.#seen.set(source.listId, { items, length: items.length, name: source.name });
      changed = true;
    }
    for (const listId of [...this.#seen.keys()]) {
      if (live.has(listId)) continue;
      this.index.removeList(listId);
      this.#seen.delete(listId);
      changed = true;
    }
    if (changed) this.#changeEmitter.fire();
  }

  #kick(): void {
    if (this.#run || this.paused || this.#disposed || !this.#model.currentAccountId) return;
    const controller = (this.#controller = new AbortController());
    const run = (this.#run = this.#work(controller.signal).finally(() => {
      if (this.#run === run) this.#run = undefined;
      this.#waitingUntil = undefined;
      this.#changeEmitter.fire();
    }));
    this.#changeEmitter.fire();
  }

  #stopRun(): void {
    this.#controller.abort();
  }

  /** The first list with a page missing: the playlist list, then Liked Songs, then each playlist. */
  #nextWork(): IndexedListSource<unknown> | undefined {
    return this.sources().find(
      (source) => (source.fetchPage || (source.loadNextPage && !this.#failedLists.has(source.listId))) && (!source.list.isLoaded || source.list.hasMore),
    );
  }

  async #work(signal: AbortSignal): Promise<void> {
    const accountId = this.#model.currentAccountId;
    const started = Date.now();
    let requests = 0;
    const changedOnSpotify = new Map<string, number>();
    try {
      for (;;) {
        if (signal.aborted || this.paused || this.#model.currentAccountId !== accountId) return;
        const source = this.#nextWork();
        if (!source) break;
        const { list } = source;
        if (!source.fetchPage) {
          if (list.isLoading) await list.whenIdle();
          requests++;
          await source.loadNextPage?.();
          const error = list.error;
          if (error instanceof RateLimitedError) {
            this.#waitingUntil = error.retryAt;
            this.#changeEmitter.fire();
            await sleep(Math.max(0, error.retryAt - Date.now()), signal);
            this.#waitingUntil = undefined;
          } else if (error) {
            // Refused (a missing permission, say): its node says why; Find covers what loaded.
            this.#failedLists.add(source.listId);
          }
          continue;
        }
        if (list.isLoading) {
          await list.whenIdle(); // the user is loading this list: theirs comes first, then go on from there
          continue;
        }
        const offset = list.isLoaded ? list.nextOffset : 0;
        const limit = this.#options.pageSize();
        let page: PageResult<unknown>;
        try {
          requests++;
          page = await source.fetchPage(offset, limit, { signal, lane: 'background' });
        } catch (error) {
          if (error instanceof CancelledError || signal.aborted) return;
          if ((error instanceof ForbiddenError || error instanceof NotFoundError) && source.listId.startsWith('playlist:')) {
            const playlist = this.#model.playlists.items.find((p) => playlistListId(p.id) === source.listId);
            if (playlist) this.#unreadable.add(unreadableKey(playlist));
            continue;
          }
          if (error instanceof RateLimitedError) {
            // Spotify said stop: wait it out, then go on where it stopped.
            this.#waitingUntil = error.retryAt;
            this.#changeEmitter.fire();
            await sleep(Math.max(0, error.retryAt - Date.now()), signal);
            this.#waitingUntil = undefined;
            continue;
          }
          throw error;
        }
        if (signal.aborted || this.#model.currentAccountId !== accountId) return;
        // The user loaded or refreshed the list meanwhile: this page may no longer line up.
        if (list.isLoading || (list.isLoaded ? list.nextOffset : 0) !== offset) continue;
        if (list.isLoaded && page.total !== list.total) {
          // Changed on Spotify since it was loaded: bring it up to date the usual way, then go on.
          const times = (changedOnSpotify.get(source.listId) ?? 0) + 1;
          changedOnSpotify.set(source.listId, times);
          if (times > 2) throw new Error(l10n.t('{0} keeps changing on Spotify', source.name));
          await (source.newestFirst ? list.revalidate(source.newestFirst) : list.refresh());
          continue;
        }
        list.restore({
          items: [...list.items, ...page.items],
          total: page.total,
          nextOffset: Math.min(offset + limit, page.total),
          syncedAt: list.syncedAt ?? Date.now(),
        });
      }
      this.#options.logger.info(`[indexer] library indexed: ${this.index.size} rows, ${requests} requests in ${Date.now() - started} ms`);
    } catch (error) {
      if (error instanceof CancelledError || signal.aborted) return;
      this.#failure = error instanceof Error ? error.message : String(error);
      this.#options.logger.warn(`[indexer] stopped after ${requests} requests: ${this.#failure}`);
    }
  }
}

function unreadableKey(playlist: PlaylistRecord): string {
  return `${playlist.id}@${playlist.snapshotId ?? ''}`;
}
