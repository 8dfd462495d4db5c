// Saving an edited 5,000-entry playlist (issue 21's Save of a playlist document): the requests of
// planPlaylistSave's plan against the naive replace-everything plan (PUT the first 100 URIs, POST
// the rest 100 at a time), and the fewest requests any plan could take. Plans are checked by
// applyPlaylistCall, the exact simulation of Spotify's writes, and, with `http`, sent to the fake:
// the plan through LibraryWrites.applyPlaylistCalls (the extension's write path), the naive plan
// as raw sendJson calls of the same SpotifyClient; after each, the playlist is read back over HTTP
// and compared with the target. Requests are the fake's count (/__fake/stats), checked against its log.
import { mergePlaylists } from '../src/library/playlistMerge';
import { performance } from 'node:perf_hooks';
import type { SpotifyClient } from '../src/api/spotifyClient';
import { LibraryApi } from '../src/library/libraryApi';
import { LibraryWrites } from '../src/library/libraryWrites';
import { applyPlaylistCall, PLAYLIST_CALL_LIMIT, planPlaylistSave, type PlaylistCall } from '../src/library/playlistDiff';
import type { FakeSpotifyProcess } from './fake';

const SIZE = 5000;
const ADDED = 150;

/** One plan sent over HTTP to the fake, then the playlist read back. */
export interface PlaylistSaveHttpRun {
  /** /v1 requests the fake counted while the plan was sent (GET /__fake/stats apiRequests before and after). */
  requests: number;
  /** The fake's log of those requests, by method (e.g. {PUT: 1, POST: 49}). */
  byMethod: Record<string, number>;
  /** performance.now() around sending the plan (not the read-back). */
  wallMs: number;
  /** The fake's own time per request from its log (the 40 ms latency included): what of wallMs the fake spent answering. */
  fakeMsPerRequest: number | null;
  /** The playlist read back over HTTP equals the target, entry for entry. */
  landsOnTarget: boolean;
  /** What went wrong (a refused call, where the read-back first differs); set means the run failed. */
  problem?: string;
  /** Counts that do not agree (the fake's log against its count, requests against the plan's calls): reported, not a failure. */
  note?: string;
}

export interface PlaylistSaveCase {
  edit: string;
  /** Requests of planPlaylistSave's plan, and by kind. */
  plan: number;
  moves: number;
  adds: number;
  removes: number;
  /** PUT with 100 URIs, then POST the rest in hundreds (every entry's added_at becomes now). */
  naive: number;
  /** The fewest requests of a plan that keeps every kept entry's added_at (moves, no delete and re-add). */
  lowerBound: number;
  /** The fewest requests of any plan (re-adding entries allowed). */
  lowerBoundAny: number;
  meetsLowerBound: boolean;
  /** applyPlaylistCall over the plan lands exactly on the target. */
  landsOnTarget: boolean;
  planMs: number;
  /** Both plans sent to the fake (each from a freshly reset "Big 5000"); undefined without `http`. */
  http?: { plan: PlaylistSaveHttpRun; naive: PlaylistSaveHttpRun };
}

export interface PlaylistSaveBenchResult {
  size: number;
  cases: PlaylistSaveCase[];
  http: string;
  /** Every plan (simulated, and over HTTP when sent) landed on its target; false fails the bench run. */
  allMatched: boolean;
  /** One line per case and plan that did not land (empty when allMatched). */
  mismatches: string[];
  /** The three-way merge of a save on a playlist changed elsewhere: 5,000 entries, 20 edits a side, median of 7 runs. */
  mergeMs: number;
  /** Import Playlist from File of 10,000 entries into a new playlist, over HTTP; undefined without `http`. */
  import?: ImportBenchRun;
}

/** An import as the extension runs it: POST /me/playlists, then planPlaylistSave from empty through applyPlaylistCalls. */
export interface ImportBenchRun {
  entries: number;
  requests: number;
  /** 1 to create + ceil(entries / 100) to add. */
  expectedRequests: number;
  /** Under the client's default request budget (its pacing included). */
  wallMs: number;
  budget: string;
  landsOnTarget: boolean;
  problem?: string;
}

/** How the bench reaches the fake: the client writes and reads, `reset` brings back the seeded library. */
export interface PlaylistSaveHttp {
  fake: FakeSpotifyProcess;
  /** A client with a token that may modify playlists (playlist-modify-public/-private). */
  client: SpotifyClient;
  /** The 5,000-entry fixture playlist ("Big 5000"), owned by the user. */
  playlistId: string;
  /** Resets the fake to the same library (the playlist as it was); the token stays valid. */
  reset: () => Promise<void>;
}

const uri = (n: number) => `spotify:track:bench${n}`;

function edits(current: readonly string[], fresh: readonly string[]): Array<{ edit: string; target: string[]; lowerBound: number; lowerBoundAny: number }> {
  const moved = [...current];
  moved.splice(3900, 0, ...moved.splice(120, 1));
  const gone = new Set([7, 480, 481, 1200, 1999, 2600, 3100, 3777, 4321, 4998].map((index) => current[index]));
  const added = [...current];
  added.splice(2500, 0, ...fresh.slice(0, ADDED));
  const reversed = [...current];
  reversed.splice(1000, 50, ...reversed.slice(1000, 1050).reverse());
  const hundreds = (n: number) => Math.ceil(n / PLAYLIST_CALL_LIMIT);
  return [
    // Any change takes a call; one move does it.
    { edit: 'move one entry', target: moved, lowerBound: 1, lowerBoundAny: 1 },
    // One DELETE takes up to 100 URIs (each occurs once here).
    { edit: 'remove 10 scattered entries', target: current.filter((entry) => !gone.has(entry)), lowerBound: 1, lowerBoundAny: 1 },
    // Each POST adds at most 100.
    { edit: 'add 150 (one run)', target: added, lowerBound: hundreds(ADDED), lowerBoundAny: hundreds(ADDED) },
    // Moves only: a reversal of n needs floor(n/2)+1 block moves (its transposition distance); with
    // re-adds, DELETE the 49 out of place and POST them back (one call cannot reverse 3 or more).
    { edit: 'reverse a 50-entry run', target: reversed, lowerBound: Math.floor(50 / 2) + 1, lowerBoundAny: 2 },
  ];
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((entry, index) => entry === b[index]);

function firstDifference(got: readonly string[], want: readonly string[]): string {
  const at = got.findIndex((entry, index) => entry !== want[index]);
  const index = at === -1 ? Math.min(got.length, want.length) : at;
  return `read back ${got.length} entries for a target of ${want.length}; first difference at ${index}: ${got[index] ?? '(end)'} instead of ${want[index] ?? '(end)'}`;
}

/** Every entry's URI of the playlist as Spotify has it now: page 1, then the other pages at once (4 in flight). */
async function readUris(client: SpotifyClient, playlistId: string): Promise<string[]> {
  const limit = 50;
  const page = async (offset: number) => {
    const query = new URLSearchParams({ offset: String(offset), limit: String(limit), additional_types: 'track,episode', fields: 'total,items(item(uri),track(uri))' });
    const raw = (await client.getJson(`/playlists/${encodeURIComponent(playlistId)}/items?${query}`)) as { total?: number; items?: Array<{ item?: { uri?: string } | null; track?: { uri?: string } | null }> };
    return { total: raw.total ?? 0, uris: (raw.items ?? []).map((entry) => entry.item?.uri ?? entry.track?.uri ?? '') };
  };
  const first = await page(0);
  const rest = await Promise.all(Array.from({ length: Math.max(0, Math.ceil(first.total / limit) - 1) }, (_, i) => page((i + 1) * limit)));
  const uris = [first, ...rest].flatMap((p) => p.uris);
  if (uris.length !== first.total) throw new Error(`read ${uris.length} entries of a playlist of ${first.total}`);
  return uris;
}

/** `count` URIs of liked songs the playlist does not hold (songs the fake knows, so POST takes them). */
async function freshUris(client: SpotifyClient, holds: ReadonlySet<string>, count: number): Promise<string[]> {
  const found = new Set<string>();
  for (let offset = 0; found.size < count; offset += 50) {
    const raw = (await client.getJson(`/me/tracks?offset=${offset}&limit=50`)) as { items?: Array<{ track?: { uri?: string } }>; next?: string | null };
    for (const entry of raw.items ?? []) if (entry.track?.uri && !holds.has(entry.track.uri)) found.add(entry.track.uri);
    if (!raw.next) break;
  }
  if (found.size < count) throw new Error(`only ${found.size} liked songs outside the playlist, ${count} needed`);
  return [...found].slice(0, count);
}

/** The naive save: PUT the first 100 URIs (replacing everything), then POST the rest in hundreds, in order. */
async function sendNaive(client: SpotifyClient, playlistId: string, target: readonly string[]): Promise<void> {
  const path = `/playlists/${encodeURIComponent(playlistId)}/items`;
  await client.sendJson('PUT', path, { uris: target.slice(0, PLAYLIST_CALL_LIMIT) });
  for (let at = PLAYLIST_CALL_LIMIT; at < target.length; at += PLAYLIST_CALL_LIMIT) await client.sendJson('POST', path, { uris: target.slice(at, at + PLAYLIST_CALL_LIMIT) });
}

/**
 * Resets the fake (the playlist is `expected` again, checked by its snapshot_id), runs `send`,
 * counts what reached the fake, reads the playlist back and compares it with `target`.
 */
async function sendAndCheck(
  http: PlaylistSaveHttp,
  expectedSnapshot: string | undefined,
  target: readonly string[],
  expectedRequests: number,
  send: (snapshotId: string | undefined) => Promise<string | undefined>,
): Promise<PlaylistSaveHttpRun> {
  const { fake, client, playlistId } = http;
  await http.reset();
  const snapshotId = await new LibraryApi(client, () => ({ market: 'from_token' })).playlistSnapshotId(playlistId);
  if (snapshotId !== expectedSnapshot) throw new Error(`after a reset the playlist's snapshot_id is ${snapshotId}, not ${expectedSnapshot}: it did not start from the same playlist`);
  await fake.clearLog();
  const before = await fake.stats();
  const started = performance.now();
  let problem: string | undefined;
  try {
    problem = await send(snapshotId);
  } catch (error) {
    problem = `refused: ${error instanceof Error ? error.message : String(error)}`;
  }
  const wallMs = Math.round((performance.now() - started) * 10) / 10;
  const after = await fake.stats();
  const log = (await fake.log()).filter((entry) => entry.path.startsWith('/v1'));
  const requests = after.apiRequests - before.apiRequests;
  const byMethod: Record<string, number> = {};
  for (const entry of log) byMethod[entry.method] = (byMethod[entry.method] ?? 0) + 1;
  const notes: string[] = [];
  if (log.length !== requests) notes.push(`the fake's log has ${log.length} entries for ${requests} counted requests`);
  if (requests !== expectedRequests) notes.push(`${requests} requests reached the fake for ${expectedRequests} calls`);
  const failed = log.filter((entry) => entry.status >= 300);
  if (failed.length) notes.push(`answered ${failed.map((entry) => `${entry.method} ${entry.status}`).join(', ')}`);
  const uris = await readUris(client, playlistId);
  const landsOnTarget = sameList(uris, target);
  const problems = [problem, landsOnTarget ? undefined : firstDifference(uris, target)].filter(Boolean).join('; ');
  const fakeMsPerRequest = log.length ? Math.round((log.reduce((sum, entry) => sum + entry.ms, 0) / log.length) * 10) / 10 : null;
  return { requests, byMethod, wallMs, fakeMsPerRequest, landsOnTarget, ...(problems ? { problem: problems } : {}), ...(notes.length ? { note: notes.join('; ') } : {}) };
}

export async function benchPlaylistSave(http?: PlaylistSaveHttp): Promise<PlaylistSaveBenchResult> {
  let current: string[] = Array.from({ length: SIZE }, (_, index) => uri(index));
  let fresh: string[] = Array.from({ length: ADDED }, (_, index) => `spotify:track:benchNew${index}`);
  let snapshot: string | undefined;
  if (http) {
    // The plans are made on the playlist as the fake holds it, read as a save reads it (over HTTP).
    await http.reset();
    current = await readUris(http.client, http.playlistId);
    if (current.length !== SIZE || new Set(current).size !== SIZE) throw new Error(`"Big 5000" holds ${current.length} entries (${new Set(current).size} distinct), not ${SIZE} distinct`);
    fresh = await freshUris(http.client, new Set(current), ADDED);
    snapshot = await new LibraryApi(http.client, () => ({ market: 'from_token' })).playlistSnapshotId(http.playlistId);
  }
  const writes = http && new LibraryWrites(http.client);
  const cases: PlaylistSaveCase[] = [];
  const mismatches: string[] = [];
  for (const { edit, target, lowerBound, lowerBoundAny } of edits(current, fresh)) {
    planPlaylistSave(current, target); // compiled once, so planMs is the plan's own
    const started = performance.now();
    const calls = planPlaylistSave(current, target);
    const planMs = Math.round((performance.now() - started) * 10) / 10;
    const landed = calls.reduce<string[]>((list, call) => applyPlaylistCall(list, call), [...current]);
    const count = (kind: PlaylistCall['kind']) => calls.filter((call) => call.kind === kind).length;
    const naive = Math.max(1, Math.ceil(target.length / PLAYLIST_CALL_LIMIT));
    const row: PlaylistSaveCase = {
      edit,
      plan: calls.length,
      moves: count('move'),
      adds: count('add'),
      removes: count('remove'),
      naive,
      lowerBound,
      lowerBoundAny,
      meetsLowerBound: calls.length <= lowerBound,
      landsOnTarget: sameList(landed, target),
      planMs,
    };
    if (!row.landsOnTarget) mismatches.push(`${edit}: the plan, simulated by applyPlaylistCall, ${firstDifference(landed, target)}`);
    if (http && writes) {
      const plan = await sendAndCheck(http, snapshot, target, calls.length, async (snapshotId) => {
        const outcome = await writes.applyPlaylistCalls(http.playlistId, calls, snapshotId);
        return outcome.error ? `call ${outcome.sent + 1} of ${calls.length} refused: ${outcome.error.message}` : undefined;
      });
      const naiveRun = await sendAndCheck(http, snapshot, target, naive, async () => {
        await sendNaive(http.client, http.playlistId, target);
        return undefined;
      });
      row.http = { plan, naive: naiveRun };
      for (const [which, run] of [['plan', plan], ['naive plan', naiveRun]] as const) {
        if (run.problem) mismatches.push(`${edit}: the ${which} over HTTP: ${run.problem}`);
      }
    }
    cases.push(row);
  }
  const imported = http ? await benchImport(http, [...current, ...current]) : undefined;
  if (imported?.problem) mismatches.push(`import of ${imported.entries}: ${imported.problem}`);
  return {
    size: SIZE,
    cases,
    ...(imported ? { import: imported } : {}),
    http: http
      ? 'sent to the fake ("Big 5000", reset before each send): the plan by LibraryWrites.applyPlaylistCalls, the naive one by sendJson; requests counted by the fake; then read back over HTTP'
      : 'not sent (no fake): counts from the plans, checked by applyPlaylistCall',
    allMatched: mismatches.length === 0,
    mismatches,
    mergeMs: timeMerge(),
  };
}

/** A file of `uris` (10,000: "Big 5000" twice) imported into a new playlist: what the requests and the wall time are under the budget. */
async function benchImport(http: PlaylistSaveHttp, uris: readonly string[]): Promise<ImportBenchRun> {
  const { fake, client } = http;
  await http.reset();
  const writes = new LibraryWrites(client);
  const expectedRequests = 1 + Math.ceil(uris.length / PLAYLIST_CALL_LIMIT);
  await fake.clearLog();
  const before = await fake.stats();
  const started = performance.now();
  let problem: string | undefined;
  let playlistId: string | undefined;
  try {
    const created = await writes.createPlaylist('Imported');
    playlistId = created.id;
    const outcome = await writes.applyPlaylistCalls(created.id, planPlaylistSave([], uris), created.snapshotId);
    if (outcome.error) problem = `stopped after ${outcome.sent} calls: ${outcome.error.message}`;
  } catch (error) {
    problem = `refused: ${error instanceof Error ? error.message : String(error)}`;
  }
  const wallMs = Math.round(performance.now() - started);
  const requests = (await fake.stats()).apiRequests - before.apiRequests;
  const landsOnTarget = playlistId !== undefined && sameList(await readUris(client, playlistId), uris);
  if (!landsOnTarget && !problem) problem = 'the playlist read back is not the file';
  const budget = client.gate.budget;
  return { entries: uris.length, requests, expectedRequests, wallMs, budget: `${budget.requests} requests / ${budget.windowMs / 1000} s`, landsOnTarget, ...(problem ? { problem } : {}) };
}

/** The merge a conflicting save runs, timed here (not in a unit test: the machines are shared and noisy). */
function timeMerge(): number {
  const base = Array.from({ length: SIZE }, (_, index) => `spotify:track:base${index}`);
  const theirs = [...base];
  const mine = [...base];
  for (let k = 0; k < 20; k++) {
    theirs.splice(100 + k * 240, 1, `spotify:track:theirs${k}`);
    mine.splice(220 + k * 240, 1);
    mine.splice(230 + k * 240, 0, `spotify:track:mine${k}`);
  }
  const times: number[] = [];
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    mergePlaylists(base, theirs, mine);
    times.push(performance.now() - started);
  }
  return Math.round(times.sort((a, b) => a - b)[3] * 10) / 10;
}

export function printPlaylistSave(result: PlaylistSaveBenchResult): void {
  console.log(`\nSaving an edited ${result.size.toLocaleString('en')}-entry playlist (requests; lower bound keeping added_at / any plan; ${result.http}):`);
  for (const c of result.cases) {
    const kinds = [c.moves && `${c.moves} move`, c.adds && `${c.adds} add`, c.removes && `${c.removes} remove`].filter(Boolean).join(' + ');
    console.log(
      `  ${c.edit.padEnd(30)} plan ${String(c.plan).padStart(3)} (${kinds})  naive ${String(c.naive).padStart(3)}  bound ${c.lowerBound}/${c.lowerBoundAny} ${c.meetsLowerBound ? 'MEETS' : 'ABOVE'}  ${c.landsOnTarget ? 'lands on target' : 'DOES NOT land on target'}  ${c.planMs} ms`,
    );
    if (c.http) {
      const run = (r: PlaylistSaveHttpRun) => `${String(r.requests).padStart(3)} req ${String(Math.round(r.wallMs)).padStart(5)} ms (fake ${r.fakeMsPerRequest ?? '-'} ms/req) ${r.landsOnTarget && !r.problem ? 'matched' : 'MISMATCH'}`;
      console.log(`  ${''.padEnd(30)} over HTTP: plan ${run(c.http.plan)}  naive ${run(c.http.naive)}`);
      for (const [which, r] of [['plan', c.http.plan], ['naive', c.http.naive]] as const) if (r.note) console.log(`  ${''.padEnd(30)} note (${which}): ${r.note}`);
    }
  }
  if (result.import) {
    const run = result.import;
    console.log(`  Import Playlist from File, ${run.entries.toLocaleString('en')} entries into a new playlist: ${run.requests} requests (1 create + ceil(${run.entries}/100) adds = ${run.expectedRequests}) in ${(run.wallMs / 1000).toFixed(1)} s under the budget (${run.budget}) ${run.landsOnTarget ? 'matched' : 'MISMATCH'}`);
  }
  console.log(`  three-way merge of a save on a changed playlist (${result.size.toLocaleString('en')} entries, 20 edits a side): ${result.mergeMs} ms (median of 7)`);
  if (result.allMatched) console.log(`  every plan landed on its target${result.cases.some((c) => c.http) ? ' (read back over HTTP)' : ''}`);
  else for (const line of result.mismatches) console.log(`  MISMATCH ${line}`);
}
