// Liked marks of the 5,000-item playlist (issue 20.3), this extension only: the requests for opening
// the playlist (its first page and its rows' marks), scrolling one screen (the next page and its
// marks), and Load All with every row shown. The tree is played as it drives the model: each row it
// builds asks about itself (TrackNode.getTreeItem); a list change repaints every row of the list.
import { performance } from 'node:perf_hooks';
import type { SpotifyClient } from '../src/api/spotifyClient';
import { silentLogger } from '../src/common/logger';
import { LibraryApi } from '../src/library/libraryApi';
import { LibraryModel } from '../src/library/libraryModel';
import type { PagedList } from '../src/library/pagedList';
import type { TrackRecord } from '../src/library/records';
import type { FakeSpotifyProcess } from './fake';

const PAGE_SIZE = 50;
const CONTAINS = '/v1/me/library/contains';

/**
 * How the tree asks: `rows`, each row as its item is built (this code); `loaded`, every loaded
 * entry of the list at each expand or repaint (the code before issue 20.3, kept to measure it).
 */
export type MarksPolicy = 'rows' | 'loaded';

export interface LikedMarksStep {
  step: string;
  /** Every /v1 request of the step, marks included. */
  requests: number;
  pages: number;
  contains: number;
  /** Until the last mark of the step was answered. */
  wallMs: number;
  /** Rows shown with a known liked state at the end of the step. */
  marked: number;
  shown: number;
}

export interface LikedMarksBenchResult {
  policy: MarksPolicy;
  budget: string;
  steps: LikedMarksStep[];
}

/** Rows the tree shows, each asking for its mark; resolves when every mark was answered. */
function show(model: LibraryModel, list: PagedList<TrackRecord>, policy: MarksPolicy): Promise<unknown> {
  return policy === 'rows' ? Promise.all(list.items.map((track) => model.learnLikedState([track]))) : model.learnLikedState(list.items);
}

export async function benchLikedMarks(fake: FakeSpotifyProcess, client: SpotifyClient, playlistId: string, policy: MarksPolicy = 'rows'): Promise<LikedMarksBenchResult> {
  const api = new LibraryApi(client, () => ({ market: 'from_token' }));
  // Every contains request under way, so a step ends when its last mark came, whichever code asked.
  const asking = new Set<Promise<unknown>>();
  const contains = api.libraryContains.bind(api);
  api.libraryContains = (...args) => {
    const request = contains(...args);
    asking.add(request);
    void request.catch(() => undefined).finally(() => asking.delete(request));
    return request;
  };
  const settled = async () => {
    do {
      await Promise.allSettled([...asking]);
      await new Promise((resolve) => setTimeout(resolve, 50)); // asks still gathering, repaints asking again
    } while (asking.size > 0);
  };
  const model = new LibraryModel(api, () => PAGE_SIZE, silentLogger);
  await model.playlists.ensureLoaded();
  const playlist = model.playlistById(playlistId);
  if (!playlist) throw new Error(`the 5,000-item playlist ${playlistId} is not in the first page of playlists`);
  const entries = model.entriesOf(playlist);
  const steps: LikedMarksStep[] = [];
  // A repaint asks again (answers remembered: nothing is sent for a row known).
  const repaint = model.onDidChange((change) => {
    if (change.list === 'playlist' && change.playlistId === playlistId) void show(model, entries, policy);
  });

  const step = async (name: string, load: () => Promise<unknown>) => {
    await fake.clearLog();
    const started = performance.now();
    await load();
    await show(model, entries, policy);
    await settled();
    const wallMs = performance.now() - started;
    const log = (await fake.log()).filter((entry) => entry.path.startsWith('/v1'));
    const contains = log.filter((entry) => entry.path === CONTAINS).length;
    steps.push({
      step: name,
      requests: log.length,
      pages: log.filter((entry) => entry.path.startsWith('/v1/playlists/')).length,
      contains,
      wallMs: Math.round(wallMs),
      marked: entries.items.filter((track) => model.isLiked(track.id) !== undefined).length,
      shown: entries.items.length,
    });
  };
  try {
    await step('open the playlist (first page, its marks)', () => entries.ensureLoaded());
    await step('scroll one screen (Load more, its marks)', () => entries.loadMore());
    await step('Load All, every row shown (the rest, their marks)', () => entries.loadAllForUser());
  } finally {
    repaint.dispose();
    model.dispose();
  }
  return { policy, budget: `${client.gate.budget.requests} requests per ${client.gate.budget.windowMs / 1000} s`, steps };
}

export function printLikedMarks(result: LikedMarksBenchResult): void {
  console.log(`\nLiked marks of the 5,000-item playlist (this extension; tree asks by ${result.policy === 'rows' ? 'shown row' : 'loaded entry'}; budget ${result.budget}):`);
  for (const s of result.steps) {
    console.log(`  ${s.step.padEnd(52)} ${String(s.requests).padStart(4)} req = ${String(s.pages).padStart(3)} pages + ${String(s.contains).padStart(3)} contains; ${s.marked}/${s.shown} rows marked after ${s.wallMs} ms`);
  }
}
