// Saving an edited 5,000-entry playlist (issue 21's Save of a playlist document): the requests of
// planPlaylistSave's plan against the naive replace-everything plan (PUT the first 100 URIs, POST
// the rest 100 at a time), and the fewest requests any plan could take. Plans are checked by
// applyPlaylistCall, the exact simulation of Spotify's writes; see HOOK for the run over HTTP.
import { performance } from 'node:perf_hooks';
import { applyPlaylistCall, PLAYLIST_CALL_LIMIT, planPlaylistSave, type PlaylistCall } from '../src/library/playlistDiff';

const SIZE = 5000;

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
  /** What the fake holds after the plan was sent over HTTP; undefined while the HOOK is not plugged in. */
  http?: { requests: number; landsOnTarget: boolean };
}

export interface PlaylistSaveBenchResult {
  size: number;
  cases: PlaylistSaveCase[];
  http: string;
}

/**
 * HOOK (HTTP run): sends `calls` to the fake for a playlist that holds `current` and answers the
 * URIs it holds afterwards and the /v1 requests counted. Plug it in once the fake answers
 * PUT /playlists/{id}/items reorders (`range_start`, `insert_before`, `range_length`), which another
 * branch is adding; today it answers POST and DELETE only.
 */
export type PlaylistSaveSender = (current: readonly string[], calls: readonly PlaylistCall[]) => Promise<{ uris: readonly string[]; requests: number }>;

const uri = (n: number) => `spotify:track:bench${n}`;

function edits(): Array<{ edit: string; target: string[]; lowerBound: number; lowerBoundAny: number }> {
  const current = Array.from({ length: SIZE }, (_, index) => uri(index));
  const moved = [...current];
  moved.splice(3900, 0, ...moved.splice(120, 1));
  const gone = new Set([7, 480, 481, 1200, 1999, 2600, 3100, 3777, 4321, 4998].map(uri));
  const added = [...current];
  added.splice(2500, 0, ...Array.from({ length: 150 }, (_, index) => `spotify:track:benchNew${index}`));
  const reversed = [...current];
  reversed.splice(1000, 50, ...reversed.slice(1000, 1050).reverse());
  const hundreds = (n: number) => Math.ceil(n / PLAYLIST_CALL_LIMIT);
  return [
    // Any change takes a call; one move does it.
    { edit: 'move one entry', target: moved, lowerBound: 1, lowerBoundAny: 1 },
    // One DELETE takes up to 100 URIs (each occurs once here).
    { edit: 'remove 10 scattered entries', target: current.filter((entry) => !gone.has(entry)), lowerBound: 1, lowerBoundAny: 1 },
    // Each POST adds at most 100.
    { edit: 'add 150 (one run)', target: added, lowerBound: hundreds(150), lowerBoundAny: hundreds(150) },
    // Moves only: a reversal of n needs floor(n/2)+1 block moves (its transposition distance); with
    // re-adds, DELETE the 49 out of place and POST them back (one call cannot reverse 3 or more).
    { edit: 'reverse a 50-entry run', target: reversed, lowerBound: Math.floor(50 / 2) + 1, lowerBoundAny: 2 },
  ];
}

export async function benchPlaylistSave(sender?: PlaylistSaveSender): Promise<PlaylistSaveBenchResult> {
  const current = Array.from({ length: SIZE }, (_, index) => uri(index));
  const cases: PlaylistSaveCase[] = [];
  for (const { edit, target, lowerBound, lowerBoundAny } of edits()) {
    planPlaylistSave(current, target); // compiled once, so planMs is the plan's own
    const started = performance.now();
    const calls = planPlaylistSave(current, target);
    const planMs = Math.round((performance.now() - started) * 10) / 10;
    const landed = calls.reduce<string[]>((list, call) => applyPlaylistCall(list, call), [...current]);
    const count = (kind: PlaylistCall['kind']) => calls.filter((call) => call.kind === kind).length;
    const row: PlaylistSaveCase = {
      edit,
      plan: calls.length,
      moves: count('move'),
      adds: count('add'),
      removes: count('remove'),
      naive: Math.max(1, Math.ceil(target.length / PLAYLIST_CALL_LIMIT)),
      lowerBound,
      lowerBoundAny,
      meetsLowerBound: calls.length <= lowerBound,
      landsOnTarget: landed.length === target.length && landed.every((entry, index) => entry === target[index]),
      planMs,
    };
    if (sender) {
      const sent = await sender(current, calls);
      row.http = { requests: sent.requests, landsOnTarget: sent.uris.length === target.length && sent.uris.every((entry, index) => entry === target[index]) };
    }
    cases.push(row);
  }
  return { size: SIZE, cases, http: sender ? 'sent to the fake' : 'not run: the fake does not answer PUT .../items reorders yet (HOOK in bench/playlistSaveBench.ts); counts from the plans, checked by applyPlaylistCall' };
}

export function printPlaylistSave(result: PlaylistSaveBenchResult): void {
  console.log(`\nSaving an edited ${result.size.toLocaleString('en')}-entry playlist (requests; lower bound keeping added_at / any plan; ${result.http}):`);
  for (const c of result.cases) {
    const kinds = [c.moves && `${c.moves} move`, c.adds && `${c.adds} add`, c.removes && `${c.removes} remove`].filter(Boolean).join(' + ');
    const http = c.http ? `; over HTTP ${c.http.requests} req, ${c.http.landsOnTarget ? 'lands' : 'DOES NOT land'}` : '';
    console.log(
      `  ${c.edit.padEnd(30)} plan ${String(c.plan).padStart(3)} (${kinds})  naive ${String(c.naive).padStart(3)}  bound ${c.lowerBound}/${c.lowerBoundAny} ${c.meetsLowerBound ? 'MEETS' : 'ABOVE'}  ${c.landsOnTarget ? 'lands on target' : 'DOES NOT land on target'}  ${c.planMs} ms${http}`,
    );
  }
}
