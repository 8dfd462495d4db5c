// Find in Library over the full index: time per query for one-, two- and three-word queries, the
// index's retained heap per entry, and a restart to Find ready from the persisted cache. The
// library is the fake's (10,000 liked songs, 208 playlists), loaded once as setup (not measured).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SpotifyClient } from '../src/api/spotifyClient';
import { silentLogger } from '../src/common/logger';
import { LibraryIndexer } from '../src/library/indexer';
import { LibraryApi } from '../src/library/libraryApi';
import { LibraryModel } from '../src/library/libraryModel';
import { TempFileCacheStore } from './cacheStore';
import { heapAfterGc, keepAlive } from './heap';

export interface FindQueryTimes {
  words: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Matches per query, median. */
  medianMatches: number;
}

export interface FindBenchResult {
  entries: number;
  rows: number;
  setupMs: number;
  queries: FindQueryTimes[];
  heapBytesPerEntry: number;
  restartToReadyMs: number;
  cacheBytes: number | undefined;
}

const QUERIES_PER_KIND = 300;
const PAGE_SIZE = 50;

export async function benchFind(client: SpotifyClient): Promise<FindBenchResult> {
  const api = new LibraryApi(client, () => ({ market: 'from_token' }));
  const accountId = (await api.me()).id;
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'spotify-library-find-bench-'));
  const store = new TempFileCacheStore(folder);
  try {
    // Setup: the whole library in the model, as the indexer leaves it (loaded the fast way here).
    const setupStarted = performance.now();
    const model = new LibraryModel(api, () => PAGE_SIZE, silentLogger, store);
    await model.openAccount(accountId);
    await Promise.all([model.liked.loadAll(), model.playlists.loadAll()]);
    const readable = model.playlists.items.filter((p) => p.ownerId === accountId || p.collaborative);
    await Promise.all(readable.map((p) => model.entriesOf(p).loadAll()));
    const setupMs = performance.now() - setupStarted;

    const heapBefore = heapAfterGc();
    const indexer = new LibraryIndexer(model, api, { pageSize: () => PAGE_SIZE, logger: silentLogger });
    indexer.index.query('zqxj'); // builds the joined text the queries scan (it counts too), matching nothing
    const heapAfter = heapAfterGc();
    const index = indexer.index;
    const entries = index.entryCount;

    const names = [...model.liked.items, ...readable.flatMap((p) => model.entriesOf(p).items)].filter((t) => t.kind === 'track');
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const words = (text: string) => text.split(/\s+/).filter((w) => w.length >= 3);
    const queryOf = (count: number): string => {
      const track = names[Math.floor(random() * names.length)];
      const pool = [...words(track.name), ...words(track.byline), ...words(track.album ?? '')];
      const picked = Array.from({ length: count }, () => pool[Math.floor(random() * pool.length)] ?? 'a');
      // A user types the last word partly: its first 3-5 characters.
      picked[count - 1] = picked[count - 1].slice(0, 3 + Math.floor(random() * 3));
      return picked.join(' ');
    };
    const queries: FindQueryTimes[] = [];
    for (const count of [1, 2, 3]) {
      const times: number[] = [];
      const matches: number[] = [];
      for (let i = 0; i < QUERIES_PER_KIND; i++) {
        const query = queryOf(count);
        const started = performance.now();
        const groups = index.query(query, 100);
        times.push(performance.now() - started);
        matches.push(groups.reduce((sum, group) => sum + group.total, 0));
      }
      times.sort((a, b) => a - b);
      matches.sort((a, b) => a - b);
      queries.push({
        words: count,
        queries: times.length,
        p50Ms: round(times[Math.floor(times.length * 0.5)]),
        p95Ms: round(times[Math.floor(times.length * 0.95)]),
        maxMs: round(times[times.length - 1]),
        medianMatches: matches[Math.floor(matches.length / 2)],
      });
    }
    const rows = index.size;
    keepAlive(indexer);

    // Restart: a new model reads the cache, the indexer indexes what it restored, the first query answers.
    await model.save();
    indexer.dispose();
    model.dispose();
    await store.idle();
    const restartStarted = performance.now();
    const restarted = new LibraryModel(api, () => PAGE_SIZE, silentLogger, store);
    await restarted.openAccount(accountId);
    const again = new LibraryIndexer(restarted, api, { pageSize: () => PAGE_SIZE, logger: silentLogger });
    again.index.query('love');
    const restartToReadyMs = performance.now() - restartStarted;
    if (again.index.entryCount !== entries) throw new Error(`the restarted index has ${again.index.entryCount} entries, not ${entries}`);
    const cacheBytes = await store.fileSize(accountId);
    again.dispose();
    restarted.dispose();
    return { entries, rows, setupMs: round(setupMs), queries, heapBytesPerEntry: Math.round((heapAfter - heapBefore) / entries), restartToReadyMs: round(restartToReadyMs), cacheBytes };
  } finally {
    await store.idle();
    await fs.rm(folder, { recursive: true, force: true });
  }
}

export function printFind(result: FindBenchResult): void {
  console.log(`\nFind in Library over the full index: ${result.entries.toLocaleString('en-US')} entries (${result.rows.toLocaleString('en-US')} distinct rows; setup ${(result.setupMs / 1000).toFixed(1)} s, not measured)`);
  for (const q of result.queries) {
    const verdict = q.p95Ms <= 10 ? 'PASS' : 'MISS';
    console.log(`  ${q.words}-word queries (${q.queries}): p50 ${q.p50Ms} ms, p95 ${q.p95Ms} ms, max ${q.maxMs} ms, median ${q.medianMatches} matches  [target p95 <= 10 ms: ${verdict}]`);
  }
  console.log(`  index retained heap: ${result.heapBytesPerEntry} B per entry (on top of the model's records)`);
  console.log(`  restart to Find ready (read the cache, restore, index, first query): ${result.restartToReadyMs} ms; cache file ${result.cacheBytes === undefined ? '?' : `${(result.cacheBytes / 1024 / 1024).toFixed(1)} MB`}`);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
