// This extension's own loading code, exactly as the tree drives it: SpotifyClient (its scheduler: an
// interactive lane, 4 in flight, and a paced background lane) -> LibraryApi -> LibraryModel/PagedList,
// with the persisted cache in a temp-file store.
import { SECTION_IDS } from '../../src/common/sections';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpotifyClient } from '../../src/api/spotifyClient';
import { silentLogger } from '../../src/common/logger';
import { LibraryApi } from '../../src/library/libraryApi';
import { LibraryModel } from '../../src/library/libraryModel';
import type { PlaylistRecord } from '../../src/library/records';
import { TempFileCacheStore } from '../cacheStore';
import type { BenchToken } from '../token';
import { BenchTokenSource } from '../token';
import { type BenchCase, type CaseContext, type CaseId, INDEX_BUDGET, type Peer } from './peer';

const PAGE_SIZE = 50;

export class ExtensionPeer implements Peer {
  readonly id = 'extension' as const;
  readonly label = 'this extension';
  readonly legacyTracksAlias = false;
  readonly pointedAtFake: string;
  readonly client: SpotifyClient;
  private readonly api: LibraryApi;
  private accountId = '';
  private storeCount = 0;
  private readonly stores: TempFileCacheStore[] = [];
  /** The re-sync case's cache: the three-new-likes case starts from it. */
  private resyncStore: TempFileCacheStore | undefined;
  /**
   * A client of its own, as each session (a start of VS Code) has: a fresh scheduler, so the budget
   * one case spent does not hold the next case's background work. `budget` absent: the default.
   */
  private readonly newClient: (budget?: { requests: number; windowMs: number }) => SpotifyClient;
  private readonly sessionClients: SpotifyClient[] = [];

  private constructor(
    apiUrl: string,
    token: BenchToken,
    accountsUrl: string,
    clientId: string,
    private readonly cacheRoot: string,
  ) {
    // The extension's own setting (spotifyLibrary.apiBaseUrl) is the only thing pointed elsewhere.
    this.client = new SpotifyClient({ baseUrl: () => apiUrl, tokens: new BenchTokenSource(token, accountsUrl, clientId), logger: silentLogger });
    this.newClient = (budget) => {
      const client = new SpotifyClient({ baseUrl: () => apiUrl, tokens: new BenchTokenSource(token, accountsUrl, clientId), logger: silentLogger, budget });
      client.gate.useApp(clientId);
      this.sessionClients.push(client);
      return client;
    };
    this.api = new LibraryApi(this.client, () => ({ market: 'from_token' }));
    this.pointedAtFake = `its own setting spotifyLibrary.apiBaseUrl = ${apiUrl} (SpotifyClient baseUrl); default market=from_token; cache in a temp-file LibraryCacheStore`;
  }

  static async create(apiUrl: string, token: BenchToken, accountsUrl: string, clientId: string): Promise<ExtensionPeer> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'spotify-library-bench-'));
    return new ExtensionPeer(apiUrl, token, accountsUrl, clientId, root);
  }

  async warmUp(context: CaseContext): Promise<void> {
    // Sign-in asks /me once for the account id; the model keys its cache by it.
    this.accountId = (await this.api.me()).id;
    // Every path the cases take, once, so no measured run pays for first-time compilation.
    const model = this.newModel(undefined);
    await model.liked.ensureLoaded();
    await model.liked.loadMore();
    await model.playlists.ensureLoaded();
    await model.entriesOf({ id: context.playlistId, name: 'warm-up', ownerName: '', collaborative: false }).loadMore();
    throwIfFailed(model);
    model.dispose();
  }

  private newStore(): TempFileCacheStore {
    const store = new TempFileCacheStore(path.join(this.cacheRoot, `store-${++this.storeCount}`));
    this.stores.push(store);
    return store;
  }

  /** Requests every client of this peer sent (a cross-check of the fake's count). */
  get requestsSent(): number {
    return [this.client, ...this.sessionClients].reduce((sum, client) => sum + client.stats.requests, 0);
  }

  /** A session's model, with its own client (see newClient). */
  private newModel(store: TempFileCacheStore | undefined): LibraryModel {
    return new LibraryModel(new LibraryApi(this.newClient(), () => ({ market: 'from_token' })), () => PAGE_SIZE, silentLogger, store);
  }

  /** A finished session: its state persisted, its timers gone, nothing written in the background. */
  private async closeSession(model: LibraryModel, store: TempFileCacheStore): Promise<void> {
    await model.save();
    model.dispose();
    await store.idle();
  }

  makeCase(id: CaseId, context: CaseContext): BenchCase {
    switch (id) {
      case 'firstPageCold':
        return this.firstPage(false);
      case 'firstPageWarm':
        return this.firstPage(true);
      case 'liked1000':
      case 'liked10000':
        return this.likedAll();
      case 'playlist5000':
        return this.playlist(context.playlistId);
      case 'resync':
        return this.resync(context);
      case 'newLikes':
        return this.newLikes(context);
      case 'libraryIndex':
        return this.libraryIndex();
    }
  }

  /**
   * The whole library from cold on the background lane (what the Find indexer will do): Liked Songs,
   * the playlists, every playlist's entries, each loaded to its end. Meanwhile, every few seconds,
   * the user opens a playlist: its first page on the interactive lane, timed against an idle round trip.
   */
  private libraryIndex(): BenchCase {
    const client = this.newClient(INDEX_BUDGET);
    const api = new LibraryApi(client, () => ({ market: 'from_token' }));
    let model: LibraryModel | undefined;
    const roundTrips: number[] = [];
    const firstPage = async (playlist: PlaylistRecord): Promise<number> => {
      const started = performance.now();
      // A followed or Spotify-owned playlist answers 403/404: still one round trip, still the user's.
      await api.playlistItems(playlist.id, 0, PAGE_SIZE).catch((error: unknown) => {
        if ((error as { kind?: string }).kind === 'rateLimited') throw error;
      });
      return performance.now() - started;
    };
    return {
      prepare: async () => {
        // Interactive first pages with nothing else going on: the round trip to compare with.
        const playlists = await api.playlists(0, PAGE_SIZE);
        for (const playlist of playlists.items.slice(0, 5)) roundTrips.push(await firstPage(playlist));
      },
      run: async () => {
        model = new LibraryModel(api, () => PAGE_SIZE, silentLogger);
        const index = model;
        let done = false;
        const indexing = (async () => {
          await index.liked.loadAll('background');
          await index.playlists.loadAll('background');
          await Promise.all(index.playlists.items.map((playlist) => index.entriesOf(playlist).loadAll('background')));
        })().finally(() => (done = true));
        const latencies: number[] = [];
        // While the index runs: a playlist near the end of the list, whose pages the index has not sent yet.
        for (let sample = 0; !done; sample++) {
          await new Promise((resolve) => setTimeout(resolve, 7_000));
          const playlists = index.playlists.items;
          if (done || playlists.length === 0) continue;
          latencies.push(await firstPage(playlists[playlists.length - 1 - ((sample * 7) % playlists.length)]));
        }
        await indexing;
        const lists = index.playlists.items.map((playlist) => index.entriesOf(playlist));
        const refused = lists.filter((list) => list.error && list.error.kind !== 'rateLimited').length;
        const rateLimited = [index.liked, index.playlists, ...lists].filter((list) => list.error?.kind === 'rateLimited').length;
        if (index.liked.error) throw index.liked.error;
        const items = index.liked.items.length + lists.reduce((sum, list) => sum + list.items.length, 0);
        return {
          items,
          keep: index,
          note: `${index.liked.items.length} liked + ${lists.length} playlists (${refused} refused by Spotify: followed or Spotify's own)${rateLimited ? `; ${rateLimited} lists rate limited` : ''}; ${client.stats.coalesced} GETs coalesced`,
          figures: { interactiveLatencyMs: latencies.map((ms) => Math.round(ms)), idleRoundTripMs: roundTrips.map((ms) => Math.round(ms)), budgetRequests: INDEX_BUDGET.requests, budgetWindowMs: INDEX_BUDGET.windowMs },
        };
      },
      cleanup: async () => model?.dispose(),
    };
  }

  /** What the tree does on activation: open the account (restoring the cache), then show the first page. */
  private firstPage(warm: boolean): BenchCase {
    const store = this.newStore();
    let model: LibraryModel | undefined;
    return {
      prepare: async () => {
        if (!warm) return;
        // The previous session: it showed the first page and persisted it.
        const previous = this.newModel(store);
        await previous.openAccount(this.accountId);
        await previous.liked.ensureLoaded();
        throwIfFailed(previous);
        await this.closeSession(previous, store);
      },
      run: async () => {
        model = this.newModel(store);
        const restored = await model.openAccount(this.accountId);
        await model.liked.ensureLoaded(); // the tree's getChildren: resolves at once when restored
        throwIfFailed(model);
        return { items: model.liked.items.length, keep: model, note: restored ? 'rendered from the persisted cache' : undefined };
      },
      background: warm
        ? async () => {
            await model!.revalidate();
            throwIfFailed(model!);
          }
        : undefined,
      cleanup: async () => {
        model?.dispose();
        await store.idle();
      },
    };
  }

  /** Load All on Liked Songs from a cold start. */
  private likedAll(): BenchCase {
    const store = this.newStore();
    let model: LibraryModel | undefined;
    return {
      run: async () => {
        model = this.newModel(store);
        await model.openAccount(this.accountId);
        await model.liked.loadAll();
        throwIfFailed(model);
        return { items: model.liked.items.length, keep: model };
      },
      cleanup: async () => {
        model?.dispose();
        await store.idle();
      },
    };
  }

  /** Load All on one playlist's node (the playlist record as /me/playlists gave it: id only matters here). */
  private playlist(playlistId: string): BenchCase {
    let model: LibraryModel | undefined;
    const record: PlaylistRecord = { id: playlistId, name: 'Big 5000', ownerName: 'Fake Listener', collaborative: false };
    return {
      run: async () => {
        model = this.newModel(undefined);
        const list = model.entriesOf(record);
        await list.loadAll();
        if (list.error) throw list.error;
        return { items: list.items.length, keep: model };
      },
      cleanup: async () => model?.dispose(),
    };
  }

  /** Restart with the whole library cached, then the background revalidation. */
  private resync(context: CaseContext): BenchCase {
    const store = this.newStore();
    let model: LibraryModel | undefined;
    return {
      prepare: async () => {
        const previous = this.newModel(store);
        await previous.openAccount(this.accountId);
        // The whole library: every section loaded in full, as a user who opened everything left it.
        await Promise.all(SECTION_IDS.map((id) => previous.section(id).loadAll()));
        throwIfFailed(previous);
        if (previous.playlists.items.length !== context.playlistTotal) throw new Error('prepare: playlists not fully loaded');
        await this.closeSession(previous, store);
        this.resyncStore = store;
      },
      run: async () => {
        model = this.newModel(store);
        if (!(await model.openAccount(this.accountId))) throw new Error('nothing restored from the cache');
        await model.revalidate();
        throwIfFailed(model);
        const cacheBytes = await store.fileSize(this.accountId);
        const counts = SECTION_IDS.map((id) => `${model!.section(id).items.length} ${id}`);
        return {
          items: SECTION_IDS.reduce((sum, id) => sum + model!.section(id).items.length, 0),
          keep: model,
          note: `${counts.join(' + ')} restored (cache file ${((cacheBytes ?? 0) / 1024 / 1024).toFixed(1)} MB) and revalidated`,
        };
      },
      cleanup: async () => {
        if (model) await this.closeSession(model, store);
      },
    };
  }

  /** Restart after three new likes elsewhere: restore, then revalidate. */
  private newLikes(context: CaseContext): BenchCase {
    const store = this.newStore();
    let model: LibraryModel | undefined;
    let expected = 0;
    return {
      prepare: async () => {
        // The previous session: the library as it is now (from the re-sync case's cache when there
        // is one, else loaded in full), persisted; then three songs are liked in another app.
        const previous = this.newModel(store);
        const seeded = this.resyncStore ? await this.resyncStore.load(this.accountId) : undefined;
        if (seeded) await store.save(this.accountId, seeded);
        if (await previous.openAccount(this.accountId)) await previous.revalidate();
        else await Promise.all([previous.liked.loadAll(), previous.playlists.loadAll()]);
        throwIfFailed(previous);
        if (previous.liked.items.length !== context.likedTotal) throw new Error('prepare: liked songs not fully loaded');
        await this.closeSession(previous, store);
        expected = (await context.fake.like(3)).total;
      },
      run: async () => {
        model = this.newModel(store);
        if (!(await model.openAccount(this.accountId))) throw new Error('nothing restored from the cache');
        await model.revalidate();
        throwIfFailed(model);
        if (model.liked.items.length !== expected) throw new Error(`after revalidate: ${model.liked.items.length} liked, the fake has ${expected}`);
        return { items: model.liked.items.length, keep: model, note: `${expected} liked after 3 new` };
      },
      cleanup: async () => {
        model?.dispose();
        await store.idle();
      },
    };
  }

  async dispose(): Promise<void> {
    for (const store of this.stores) await store.idle();
    await fs.rm(this.cacheRoot, { recursive: true, force: true });
  }
}

function throwIfFailed(model: LibraryModel): void {
  const error = SECTION_IDS.map((id) => model.section(id).error).find(Boolean);
  if (error) throw error;
}
