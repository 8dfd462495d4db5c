/**
 * THE diff-and-save planner for playlists (issue 21's Save of a playlist document, Clean Up and
 * issue 22's restore all write through it): the Spotify calls that turn `current` into `target`.
 *
 * Spotify's semantics (see /work/shared/spotify-web-api.md, simulated exactly by applyPlaylistCall):
 * `add` = POST .../items `{uris ≤100, position}`; `remove` = DELETE .../items, which removes EVERY
 * occurrence of each URI (≤100 URIs a call); `move` = PUT .../items `{range_start, insert_before,
 * range_length}`, where insert_before indexes the list as it was before the move.
 *
 * Algorithm, in the order the calls are sent:
 * 1. Doomed URIs: a URI the target holds fewer times than the playlist (0 < fewer: a removed
 *    duplicate) must go by DELETE, all its copies. Every other URI keeps all its entries, matched
 *    in order to its first occurrences in the target; its further occurrences are new entries.
 * 2. Moves: the kept entries on the longest increasing subsequence (by target position) stay put;
 *    each other kept entry, in target order, moves to just after its target predecessor. Entries
 *    that follow it in the list and in the target ride along in the same move (a contiguous run is
 *    one call), and doomed entries in between ride along too (they are deleted later anyway).
 *    Also planned, and sent instead when it takes fewer calls: block moves over strips (maximal
 *    runs already in target order), each move of a run of strips chosen greedily to join the most
 *    strips (up to 3: its two ends and the gap it leaves); up to 200 strips (its search is cubic).
 *    On random block shuffles and reversals it saves calls in about 1 case of 5 (e.g. abcdef →
 *    efbadc: 2 moves, not 4).
 * 3. Adds: each run of new entries that stand together in the target is inserted after its target
 *    predecessor, 100 a call. Adds come before any removal, so no entry is removed before the
 *    entries that replace it are in.
 * 4. Removes: the doomed URIs, 100 a call.
 * 5. Twins: the copies of doomed URIs the target still holds are added back at their target
 *    positions (runs together, 100 a call). Unavoidable with DELETE: their added_at becomes now.
 *
 * Guarantees: applying the plan to `current` yields exactly `target` (unit-tested, also on 300
 * random edits with duplicates); an unchanged playlist gives no call; moving one entry or one
 * contiguous run is 1 call; removing entries whose URIs occur once is ceil(URIs/100) calls;
 * adding a contiguous run of n is ceil(n/100) calls; kept entries are never deleted and re-added
 * (their added_at stays), only doomed URIs are. Not minimal in every case: moves are at most one
 * per kept entry off the longest increasing subsequence, and a reversed run of n still takes n-1
 * (block moves could do floor(n/2)+1, but only through moves that join nothing at first, which
 * the greedy does not search).
 * Rejected: removing the out-of-place entries' URIs and adding them back in runs (2 calls for a
 * reversed 50, not 49). It would reset each re-added entry's added_at to now, which the user sees
 * (Date added, sorting by it, Recently added); a reorder must not change it. More calls are only
 * slower (the client paces them); a lost date cannot be put back by any call.
 */

export type PlaylistCall =
  | { readonly kind: 'remove'; readonly uris: readonly string[] }
  | { readonly kind: 'add'; readonly uris: readonly string[]; readonly position: number }
  | { readonly kind: 'move'; readonly rangeStart: number; readonly insertBefore: number; readonly rangeLength: number };

/** Spotify's limit of URIs in one add or remove. */
export const PLAYLIST_CALL_LIMIT = 100;

function checkUriCount(uris: readonly string[]): void {
  if (uris.length < 1 || uris.length > PLAYLIST_CALL_LIMIT) throw new RangeError(`${uris.length} URIs in one call (1 to ${PLAYLIST_CALL_LIMIT})`);
}

/** The playlist after `call`, as Spotify does it; throws RangeError where Spotify answers 400. */
export function applyPlaylistCall(list: readonly string[], call: PlaylistCall): string[] {
  switch (call.kind) {
    case 'add': {
      checkUriCount(call.uris);
      if (!Number.isInteger(call.position) || call.position < 0 || call.position > list.length) throw new RangeError(`position ${call.position} outside 0..${list.length}`);
      return [...list.slice(0, call.position), ...call.uris, ...list.slice(call.position)];
    }
    case 'remove': {
      checkUriCount(call.uris);
      const removed = new Set(call.uris);
      return list.filter((uri) => !removed.has(uri));
    }
    case 'move': {
      const { rangeStart: start, rangeLength: length, insertBefore } = call;
      const end = start + length;
      if (!Number.isInteger(start) || !Number.isInteger(length) || !Number.isInteger(insertBefore) || start < 0 || length < 1 || end > list.length || insertBefore < 0 || insertBefore > list.length) {
        throw new RangeError(`range ${start}+${length} before ${insertBefore} outside a list of ${list.length}`);
      }
      if (insertBefore > start && insertBefore < end) throw new RangeError(`insert_before ${insertBefore} inside the range ${start}+${length}`);
      const range = list.slice(start, end);
      const rest = [...list.slice(0, start), ...list.slice(end)];
      const at = insertBefore >= end ? insertBefore - length : insertBefore;
      return [...rest.slice(0, at), ...range, ...rest.slice(at)];
    }
  }
}

function countsOf(uris: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const uri of uris) counts.set(uri, (counts.get(uri) ?? 0) + 1);
  return counts;
}

/** Indexes into `sequence` of one longest strictly increasing subsequence (patience sorting, n log n). */
function longestIncreasingRun(sequence: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index into sequence of the smallest tail of an increasing run of length k+1
  const previous: number[] = new Array<number>(sequence.length).fill(-1);
  sequence.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sequence[tails[middle]] < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1];
    tails[low] = index;
  });
  const chosen = new Set<number>();
  for (let index = tails.length ? tails[tails.length - 1] : -1; index >= 0; index = previous[index]) chosen.add(index);
  return chosen;
}

/** The list of ids after a move, as applyPlaylistCall does it. */
function movedIds(list: readonly number[], rangeStart: number, rangeLength: number, insertBefore: number): number[] {
  const range = list.slice(rangeStart, rangeStart + rangeLength);
  const rest = [...list.slice(0, rangeStart), ...list.slice(rangeStart + rangeLength)];
  const at = insertBefore >= rangeStart + rangeLength ? insertBefore - rangeLength : insertBefore;
  return [...rest.slice(0, at), ...range, ...rest.slice(at)];
}

/** Above this many strips (runs already in target order), block moves are not searched (O(strips³) at worst). */
const BLOCK_MOVE_STRIPS = 200;

/**
 * Block moves that put the kept entries in target order: the kept list cut into strips (maximal
 * runs already in target order), then greedily the move of a run of strips that joins the most
 * strips (up to 3 at once: its ends to their target neighbours, and the gap it leaves), until one
 * strip is left. Doomed entries between ride along. Undefined when there are too many strips.
 */
function blockMoves(start: readonly number[], keptInTargetOrder: readonly number[], isDoomed: (id: number) => boolean): { calls: PlaylistCall[]; working: number[] } | undefined {
  const rank = new Map(keptInTargetOrder.map((id, index) => [id, index]));
  const strips: number[][] = [];
  for (const id of start) {
    if (isDoomed(id)) continue;
    const last = strips.at(-1);
    if (last && rank.get(last[last.length - 1])! + 1 === rank.get(id)) last.push(id);
    else strips.push([id]);
  }
  if (strips.length <= 1 || strips.length > BLOCK_MOVE_STRIPS) return undefined;
  // Strips by target order: value v is the strip holding the v-th run of the target.
  const order = strips.map((_, index) => index).sort((a, b) => rank.get(strips[a][0])! - rank.get(strips[b][0])!);
  const valueOf = new Array<number>(strips.length);
  order.forEach((stripIndex, value) => (valueOf[stripIndex] = value));
  let values = strips.map((_, index) => valueOf[index]);
  const firstOf = order.map((stripIndex) => strips[stripIndex][0]);
  const lastOf = order.map((stripIndex) => strips[stripIndex][strips[stripIndex].length - 1]);
  const s = values.length;
  const at = (list: readonly number[], index: number) => (index < 0 ? -1 : index >= s ? s : list[index]);
  const joined = (list: readonly number[], left: number, right: number) => at(list, left) + 1 === at(list, right);
  let working = [...start];
  const calls: PlaylistCall[] = [];
  for (let step = 0; step < s; step++) {
    const positionOf = new Array<number>(s);
    values.forEach((value, index) => (positionOf[value] = index));
    let best: { i: number; j: number; gap: number; gain: number } | undefined;
    for (let i = 0; i < s; i++) {
      if (joined(values, i - 1, i)) continue;
      for (let j = i; j < s; j++) {
        if (joined(values, j, j + 1)) continue;
        const closes = joined(values, i - 1, j + 1) ? 1 : 0; // the gap the block leaves
        // Gaps: right after the block's first value's predecessor, right before its last value's successor.
        const gaps = [values[i] === 0 ? 0 : positionOf[values[i] - 1] + 1, values[j] === s - 1 ? s : positionOf[values[j] + 1]];
        for (const gap of gaps) {
          if (gap >= i && gap <= j + 1) continue;
          const created = closes + (at(values, gap - 1) + 1 === values[i] ? 1 : 0) + (values[j] + 1 === at(values, gap) ? 1 : 0);
          const gain = created - (joined(values, gap - 1, gap) ? 1 : 0);
          // Ties go to the longer block (measured: fewer moves on random shuffles than the first found).
          if (!best || gain > best.gain || (gain === best.gain && j - i > best.j - best.i)) best = { i, j, gap, gain };
        }
      }
    }
    if (!best || best.gain < 1) return undefined;
    const { i, j, gap } = best;
    const rangeStart = working.indexOf(firstOf[values[i]]);
    const rangeLength = working.indexOf(lastOf[values[j]]) + 1 - rangeStart;
    const insertBefore = gap === 0 ? 0 : working.indexOf(lastOf[values[gap - 1]]) + 1;
    calls.push({ kind: 'move', rangeStart, insertBefore, rangeLength });
    working = movedIds(working, rangeStart, rangeLength, insertBefore);
    values = movedIds(values, i, j - i + 1, gap);
    if (values.every((value, index) => value === index)) break;
  }
  const kept = working.filter((id) => !isDoomed(id));
  return kept.every((id, index) => id === keptInTargetOrder[index]) ? { calls, working } : undefined;
}

function inBatches<T>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += PLAYLIST_CALL_LIMIT) batches.push(items.slice(start, start + PLAYLIST_CALL_LIMIT));
  return batches;
}

/**
 * The calls that turn `current` into `target` (see the head comment). Entries are tracked by
 * identity (a number), because a URI may stand in the list more than once.
 */
export function planPlaylistSave(current: readonly string[], target: readonly string[]): PlaylistCall[] {
  const currentCounts = countsOf(current);
  const targetCounts = countsOf(target);
  const doomed = new Set([...currentCounts].filter(([uri, count]) => (targetCounts.get(uri) ?? 0) < count).map(([uri]) => uri));

  // Identities: current entries are 0..n-1; each target entry gets a kept entry's identity or a new one.
  const uriOf: string[] = [...current];
  const unmatched = new Map<string, number[]>();
  current.forEach((uri, index) => {
    if (!doomed.has(uri)) unmatched.set(uri, [...(unmatched.get(uri) ?? []), index]);
  });
  const targetIds = target.map((uri) => {
    const kept = unmatched.get(uri)?.shift();
    if (kept !== undefined) return kept;
    uriOf.push(uri);
    return uriOf.length - 1;
  });
  const isKept = (id: number) => id < current.length;
  const isDoomedEntry = (id: number) => doomed.has(uriOf[id]);
  // The target without the doomed URIs' copies: what the list holds just before the removal.
  const beforeRemoval = targetIds.filter((id) => !isDoomedEntry(id));
  const rankOf = new Map(beforeRemoval.map((id, rank) => [id, rank]));

  const calls: PlaylistCall[] = [];
  let working = current.map((_, index) => index);
  const send = (call: PlaylistCall, next: number[]) => {
    calls.push(call);
    working = next;
  };

  // 2. Moves of the kept entries off the longest increasing subsequence, or block moves when fewer.
  const initial = working;
  const keptInListOrder = working.filter((id) => !isDoomedEntry(id));
  const staying = longestIncreasingRun(keptInListOrder.map((id) => rankOf.get(id) ?? 0));
  const placed = new Set(keptInListOrder.filter((_, index) => staying.has(index)));
  const keptInTargetOrder = beforeRemoval.filter(isKept);
  for (let rank = 0; rank < keptInTargetOrder.length; rank++) {
    const mover = keptInTargetOrder[rank];
    if (placed.has(mover)) continue;
    const rangeStart = working.indexOf(mover);
    let rangeLength = 1;
    let nextRank = rank + 1;
    // Ride along: the next movers in target order that follow in the list, and doomed entries between them.
    for (let scan = rangeStart + 1; scan < working.length; scan++) {
      const id = working[scan];
      if (nextRank < keptInTargetOrder.length && id === keptInTargetOrder[nextRank] && !placed.has(id)) {
        nextRank++;
        rangeLength = scan - rangeStart + 1;
      } else if (!isDoomedEntry(id)) break;
    }
    const predecessor = rank > 0 ? keptInTargetOrder[rank - 1] : undefined;
    const insertBefore = predecessor === undefined ? 0 : working.indexOf(predecessor) + 1;
    const moved = working.slice(rangeStart, rangeStart + rangeLength);
    const movedRun = keptInTargetOrder.slice(rank, nextRank);
    for (const id of movedRun) placed.add(id);
    rank = nextRank - 1;
    if (insertBefore >= rangeStart && insertBefore <= rangeStart + rangeLength) continue; // already in place
    const rest = working.filter((_, index) => index < rangeStart || index >= rangeStart + rangeLength);
    const at = insertBefore > rangeStart ? insertBefore - rangeLength : insertBefore;
    send({ kind: 'move', rangeStart, insertBefore, rangeLength }, [...rest.slice(0, at), ...moved, ...rest.slice(at)]);
  }
  const blocks = blockMoves(initial, keptInTargetOrder, isDoomedEntry);
  if (blocks && blocks.calls.length < calls.length) {
    calls.length = 0;
    for (const call of blocks.calls) send(call, blocks.working);
  }

  // 3. and 5. Runs of entries not yet in the list, each inserted after its target predecessor.
  const addRuns = (order: readonly number[], isMissing: (id: number) => boolean) => {
    for (let start = 0; start < order.length; ) {
      if (!isMissing(order[start])) {
        start++;
        continue;
      }
      let end = start;
      while (end < order.length && isMissing(order[end])) end++;
      let position = start === 0 ? 0 : working.indexOf(order[start - 1]) + 1;
      for (const batch of inBatches(order.slice(start, end))) {
        const uris = batch.map((id) => uriOf[id]);
        send({ kind: 'add', uris, position }, [...working.slice(0, position), ...batch, ...working.slice(position)]);
        position += batch.length;
      }
      start = end;
    }
  };
  addRuns(beforeRemoval, (id) => !isKept(id));

  // 4. Removal of the doomed URIs, every copy.
  for (const batch of inBatches([...doomed])) {
    const removed = new Set(batch);
    send({ kind: 'remove', uris: batch }, working.filter((id) => !removed.has(uriOf[id])));
  }
  addRuns(targetIds, isDoomedEntry);
  return calls;
}
