import type { FakeSpotifyProcess } from '../fake';

/** What a case leaves in the user's hands: kept alive while the retained heap is measured. */
export interface Held {
  /** Tracks (or playlist entries) the user now has; the heap and byte figures are per one of these. */
  items: number;
  /** Everything the user keeps: the model, or the items arrays an SDK handed back. */
  keep: unknown;
  note?: string;
  /** Case-specific figures for the report (the index case's interactive latencies...). */
  figures?: Record<string, number | number[]>;
}

/**
 * One case for one peer. `prepare` sets the scene (a previous session, a persisted cache, new likes
 * on the server) and is not measured; `run` is; `background` (optional) is what happens after the
 * first render, measured separately.
 */
export interface BenchCase {
  prepare?(): Promise<void>;
  run(): Promise<Held>;
  background?(): Promise<void>;
  cleanup?(): Promise<void>;
}

export type CaseId = 'firstPageCold' | 'firstPageWarm' | 'liked1000' | 'liked10000' | 'playlist5000' | 'resync' | 'newLikes' | 'libraryIndex';

/**
 * The fake's request budget (its model switched on) for the whole-library index case, and what the
 * extension is told. An assumption chosen for a run of a few minutes: Spotify publishes no number.
 * 300 per rolling 30 s is 10 a second, half of what a one-at-a-time SDK loop sends at 40 ms a
 * request, so an unpaced loop meets the limit as it would with a real dev-mode app.
 */
export const INDEX_BUDGET = { requests: 300, windowMs: 30_000 };

export interface CaseContext {
  fake: FakeSpotifyProcess;
  /** The 5,000-entry playlist. */
  playlistId: string;
  /** Liked songs and playlists the fake serves right now. */
  likedTotal: number;
  playlistTotal: number;
}

export interface Peer {
  readonly id: 'extension' | 'ts-sdk' | 'web-api-node';
  readonly label: string;
  /** How this peer's requests reach the fake. */
  readonly pointedAtFake: string;
  /** The SDKs read playlist entries from /tracks, which the fake serves only with its legacy alias on. */
  readonly legacyTracksAlias: boolean;
  /** A few requests outside any measurement: connections, JIT, and a check that the token works. */
  warmUp(context: CaseContext): Promise<void>;
  makeCase(id: CaseId, context: CaseContext): BenchCase;
  dispose(): Promise<void>;
}

export const SDK_PAGE_SIZE = 50;

/** One page as an SDK hands it back: its entries, and whether Spotify says there is another. */
export interface SdkPage {
  items: unknown[];
  next: string | null;
}

/** The calls an SDK's user pages with, 50 at a time. */
export interface SdkCalls {
  likedPage(offset: number): Promise<SdkPage>;
  playlistsPage(offset: number): Promise<SdkPage>;
  playlistItemsPage(playlistId: string, offset: number): Promise<SdkPage>;
}

/** The loop the SDKs' users write: one page after another until `next` is null. */
export async function allPages(page: (offset: number) => Promise<SdkPage>): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let offset = 0; ; offset += SDK_PAGE_SIZE) {
    const result = await page(offset);
    items.push(...result.items);
    if (!result.next || result.items.length === 0) return items;
  }
}

/**
 * The cases as an SDK's user meets them: no cache and no sync, so every case downloads what it
 * shows. `newSdk` gives a fresh SDK instance per run, as after a restart.
 */
export function sdkCase(id: CaseId, context: CaseContext, newSdk: () => SdkCalls): BenchCase {
  switch (id) {
    case 'firstPageCold':
    case 'firstPageWarm': // nothing persists between runs: a restart is a cold start again
      return {
        run: async () => {
          const page = await newSdk().likedPage(0);
          return { items: page.items.length, keep: page.items };
        },
      };
    case 'liked1000':
    case 'liked10000':
      return {
        run: async () => {
          const sdk = newSdk();
          const liked = await allPages((offset) => sdk.likedPage(offset));
          return { items: liked.length, keep: liked };
        },
      };
    case 'playlist5000':
      return {
        run: async () => {
          const sdk = newSdk();
          const entries = await allPages((offset) => sdk.playlistItemsPage(context.playlistId, offset));
          return { items: entries.length, keep: entries };
        },
      };
    case 'libraryIndex':
      return { run: () => sdkIndex(newSdk()) };
    case 'resync':
    case 'newLikes':
      return {
        prepare: id === 'newLikes' ? async () => void (await context.fake.like(3)) : undefined,
        run: async () => {
          const sdk = newSdk();
          const liked = await allPages((offset) => sdk.likedPage(offset));
          const playlists = id === 'resync' ? await allPages((offset) => sdk.playlistsPage(offset)) : [];
          return {
            items: liked.length + playlists.length,
            keep: { liked, playlists },
            note: id === 'resync' ? `${liked.length} liked + ${playlists.length} playlists re-downloaded` : `${liked.length} liked re-downloaded`,
          };
        },
      };
  }
}

/** Whether an SDK's error is Spotify's 429 (ts-sdk throws a plain Error; web-api-node carries statusCode). */
function isRateLimit(error: unknown): boolean {
  const e = error as { statusCode?: number; message?: string } | undefined;
  return e?.statusCode === 429 || /rate limit/i.test(e?.message ?? '');
}

/**
 * The whole library as an SDK's user indexes it: every page of Liked Songs, of the playlists, and
 * of each playlist's entries, one after another. A playlist Spotify refuses (followed, Spotify's
 * own) is skipped; a 429 ends the job, as the SDK throws it and nothing retries.
 */
async function sdkIndex(sdk: SdkCalls): Promise<Held> {
  const lists: unknown[][] = [];
  let skipped = 0;
  let stoppedBy429 = false;
  try {
    lists.push(await allPages((offset) => sdk.likedPage(offset)));
    const playlists = (await allPages((offset) => sdk.playlistsPage(offset))) as Array<{ id: string } | null>;
    lists.push(playlists);
    for (const playlist of playlists) {
      if (!playlist) continue;
      try {
        lists.push(await allPages((offset) => sdk.playlistItemsPage(playlist.id, offset)));
      } catch (error) {
        if (isRateLimit(error)) throw error;
        skipped++;
      }
    }
  } catch (error) {
    if (!isRateLimit(error)) throw error;
    stoppedBy429 = true;
  }
  const items = lists.reduce((sum, list) => sum + list.length, 0);
  return {
    items,
    keep: lists,
    note: stoppedBy429 ? `stopped by a 429 after ${items} entries (the SDK throws; nothing retries)` : `${items} entries, ${skipped} playlists refused`,
    figures: { stoppedBy429: stoppedBy429 ? 1 : 0 },
  };
}
