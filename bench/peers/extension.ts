// This extension's own loading code, exactly as the tree drives it: SpotifyClient (one gate, 4 in
// flight) -> LibraryApi -> LibraryModel/PagedList, with the persisted cache in a temp-file store.
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
import type { BenchCase, CaseContext, CaseId, Peer } from './peer';

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

  private constructor(
    apiUrl: string,
    token: BenchToken,
    accountsUrl: string,
    clientId: string,
    private readonly cacheRoot: string,
  ) {
    // The extension's own setting (spotifyLibrary.apiBaseUrl) is the only thing pointed elsewhere.
    this.client = new SpotifyClient({ baseUrl: () => apiUrl, tokens: new BenchTokenSource(token, accountsUrl, clientId), logger: silentLogger });
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

  private newModel(store: TempFileCacheStore | undefined): LibraryModel {
    return new LibraryModel(this.api, () => PAGE_SIZE, silentLogger, store);
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
    }
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
