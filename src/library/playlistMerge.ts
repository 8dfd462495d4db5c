/**
 * THE three-way merge of a playlist's entries (issue 21's Save of an Edit as Text document when
 * Spotify's playlist changed since the document was opened): `base` = the URIs when it was opened,
 * `theirs` = Spotify's URIs now, `mine` = the document's URIs. Lists of URI strings, duplicates
 * allowed; the result is what planPlaylistSave (playlistDiff.ts) is then asked to write.
 *
 * Algorithm: diff3. base↔theirs and base↔mine are each matched by Myers' diff (O((N+M)·D) time,
 * linear space: the middle-snake bisection, common prefix and suffix trimmed first), then the
 * lists are walked in chunks: a stable chunk (the same entries in all three) is kept; an unstable
 * one (between two stable ones) changed on one side takes that side, changed the same on both takes
 * it once, changed differently on both is a conflict.
 *
 * Decisions for a playlist (unit-tested in test/unit/playlistMerge.test.ts):
 * - Conflict: `merged` holds mine's version of the chunk (nothing the user typed is lost); each
 *   conflict gives the three slices and where they stand, the caller decides (show, pick, redo).
 * - Both sides appended different entries at the end (classic diff3: a conflict): both are kept,
 *   theirs first, then mine, and not reported. Adding is what Spotify's Add to playlist does, at
 *   the end, so both adds are meant; theirs are already on Spotify, so they keep their place.
 *   Different insertions at the same place ELSEWHERE stay a conflict (where each stands relative
 *   to the other is the user's to say).
 * - A line diff sees a move as a removal plus an insertion, so each URI's count in the result is
 *   then checked against the counts' own three-way merge (theirs' count if only theirs changed it,
 *   mine's if only mine did, the common one if both agree) and surplus copies are dropped: only
 *   copies a side inserted outside any conflict, theirs' first. Hence: one side removes an entry
 *   the other moved → it is removed (not resurrected where the mover put it); both move the same
 *   entry to different places → it stands once, where mine put it; a song both appended at the
 *   end stands once. Which entry moved is what the diff matched: in `a b`→`b a` it may be `a`.
 * - Duplicates are matched in order like any entry; a duplicate one side added or removed is kept
 *   or removed as such.
 * Guarantees: a stable entry (in all three, matched) stays, in order; a chunk changed on one side
 * only comes out as that side has it (less a surplus copy); theirs = base gives exactly mine, and
 * mine = base exactly theirs; every entry of `merged` is from theirs or mine. 5,000 entries with 20
 * edits a side: a few ms (the unit test bounds the median at 25 ms).
 */

export interface MergeSlice {
  /** Index of the slice's first entry in its list (where it would stand when empty). */
  readonly start: number;
  readonly uris: readonly string[];
}

export interface MergeConflict {
  readonly base: MergeSlice;
  readonly theirs: MergeSlice;
  readonly mine: MergeSlice;
  /** Where mine's version of the chunk stands in `merged` (its length is mine's). */
  readonly mergedStart: number;
}

export interface PlaylistMerge {
  readonly merged: string[];
  readonly conflicts: MergeConflict[];
}

/**
 * Pairs [indexInA, indexInB] of one longest common subsequence of `a` and `b`, in order (Myers'
 * O((N+M)·D) diff in linear space).
 */
export function commonSubsequence(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const code = coder();
  return matchCodes(Int32Array.from(a, code), Int32Array.from(b, code));
}

/** Each distinct URI as a small number: compared and counted as numbers, the diff runs several times faster. */
function coder(): ((uri: string) => number) & { size: () => number } {
  const codes = new Map<string, number>();
  const code = (uri: string) => {
    let found = codes.get(uri);
    if (found === undefined) codes.set(uri, (found = codes.size));
    return found;
  };
  return Object.assign(code, { size: () => codes.size });
}

function matchCodes(x: Int32Array, y: Int32Array): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  matchRange(x, y, 0, x.length, 0, y.length, pairs);
  return pairs;
}

function matchRange(a: Int32Array, b: Int32Array, aLo: number, aHi: number, bLo: number, bHi: number, pairs: Array<[number, number]>): void {
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) pairs.push([aLo++, bLo++]);
  let suffix = 0;
  while (aHi > aLo && bHi > bLo && a[aHi - 1] === b[bHi - 1]) {
    aHi--;
    bHi--;
    suffix++;
  }
  if (aLo < aHi && bLo < bHi) {
    const split = bisect(a, b, aLo, aHi, bLo, bHi);
    // A split at a corner would not shrink the problem: it means no entry in common here.
    if (split && !(split[0] === aLo && split[1] === bLo) && !(split[0] === aHi && split[1] === bHi)) {
      matchRange(a, b, aLo, split[0], bLo, split[1], pairs);
      matchRange(a, b, split[0], aHi, split[1], bHi, pairs);
    }
  }
  for (let k = 0; k < suffix; k++) pairs.push([aHi + k, bHi + k]);
}

/** A point on a shortest edit path of a[aLo..aHi) → b[bLo..bHi) (Myers' middle snake, as diff-match-patch's bisect). */
function bisect(a: Int32Array, b: Int32Array, aLo: number, aHi: number, bLo: number, bHi: number): [number, number] | undefined {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const maxD = Math.ceil((n + m) / 2);
  const offset = maxD;
  const size = 2 * maxD + 2;
  const forward = new Int32Array(size).fill(-1);
  const reverse = new Int32Array(size).fill(-1);
  forward[offset + 1] = 0;
  reverse[offset + 1] = 0;
  const delta = n - m;
  const front = delta % 2 !== 0;
  let k1start = 0, k1end = 0, k2start = 0, k2end = 0;
  for (let d = 0; d < maxD; d++) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const k1o = offset + k1;
      let x1 = k1 === -d || (k1 !== d && forward[k1o - 1] < forward[k1o + 1]) ? forward[k1o + 1] : forward[k1o - 1] + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
        x1++;
        y1++;
      }
      forward[k1o] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const k2o = offset + delta - k1;
        if (k2o >= 0 && k2o < size && reverse[k2o] !== -1 && x1 >= n - reverse[k2o]) return [aLo + x1, bLo + y1];
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const k2o = offset + k2;
      let x2 = k2 === -d || (k2 !== d && reverse[k2o - 1] < reverse[k2o + 1]) ? reverse[k2o + 1] : reverse[k2o - 1] + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && a[aHi - x2 - 1] === b[bHi - y2 - 1]) {
        x2++;
        y2++;
      }
      reverse[k2o] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const k1o = offset + delta - k2;
        if (k1o >= 0 && k1o < size && forward[k1o] !== -1) {
          const x1 = forward[k1o];
          const y1 = offset + x1 - k1o;
          if (x1 >= n - x2) return [aLo + x1, bLo + y1];
        }
      }
    }
  }
  return undefined;
}

/** For each index of `base`, the index in `other` it is matched to, or -1. */
function matchesOf(base: Int32Array, other: Int32Array): Int32Array {
  const matched = new Int32Array(base.length).fill(-1);
  for (const [i, j] of matchCodes(base, other)) matched[i] = j;
  return matched;
}

const sameUris = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((uri, index) => uri === b[index]);

/** Where an entry of `merged` came from: kept (stable or agreed on), inserted by one side, or in a conflict. */
type Origin = 'kept' | 'theirs' | 'mine' | 'conflict';

/** The three-way merge of a playlist's entries (see the head comment). */
export function mergePlaylists(base: readonly string[], theirs: readonly string[], mine: readonly string[]): PlaylistMerge {
  const code = coder();
  const [baseCodes, theirCodes, myCodes] = [base, theirs, mine].map((list) => Int32Array.from(list, code));
  const toTheirs = matchesOf(baseCodes, theirCodes);
  const toMine = matchesOf(baseCodes, myCodes);
  const entries: Array<{ uri: string; code: number; origin: Origin }> = [];
  const pending: Array<{ conflict: Omit<MergeConflict, 'mergedStart'>; at: number }> = [];
  const take = (uris: readonly string[], origin: Origin) => {
    for (const uri of uris) entries.push({ uri, code: code(uri), origin });
  };
  let i = 0, t = 0, m = 0;
  while (i < base.length || t < theirs.length || m < mine.length) {
    // Stable: base[i] matched to theirs[t] and mine[m].
    if (i < base.length && toTheirs[i] === t && toMine[i] === m) {
      take([base[i]], 'kept');
      i++;
      t++;
      m++;
      continue;
    }
    // Unstable up to the next base entry both sides kept.
    let next = i;
    while (next < base.length && (toTheirs[next] < 0 || toMine[next] < 0)) next++;
    const tEnd = next < base.length ? toTheirs[next] : theirs.length;
    const mEnd = next < base.length ? toMine[next] : mine.length;
    const b = base.slice(i, next);
    const th = theirs.slice(t, tEnd);
    const mi = mine.slice(m, mEnd);
    if (sameUris(th, b)) take(mi, 'mine');
    else if (sameUris(mi, b)) take(th, 'theirs');
    else if (sameUris(th, mi)) take(th, 'kept');
    else if (b.length === 0 && next === base.length) {
      // Both appended at the end: theirs, then mine (a song both appended is dropped once by the count check below).
      take(th, 'theirs');
      take(mi, 'mine');
    } else {
      pending.push({ conflict: { base: { start: i, uris: b }, theirs: { start: t, uris: th }, mine: { start: m, uris: mi } }, at: entries.length });
      take(mi, 'conflict');
    }
    [i, t, m] = [next, tEnd, mEnd];
  }

  // Surplus copies left by moves (see the head comment): theirs' insertions go first, then mine's.
  const counts = (list: Int32Array) => {
    const found = new Int32Array(code.size());
    for (const each of list) found[each]++;
    return found;
  };
  const [baseCounts, theirCounts, myCounts, mergedCounts] = [baseCodes, theirCodes, myCodes, Int32Array.from(entries, (entry) => entry.code)].map(counts);
  const surplus = new Int32Array(code.size());
  mergedCounts.forEach((count, each) => {
    const [inBase, inTheirs, inMine] = [baseCounts[each], theirCounts[each], myCounts[each]];
    const expected = inTheirs === inBase ? inMine : inMine === inBase || inMine === inTheirs ? inTheirs : count;
    surplus[each] = Math.max(0, count - expected);
  });
  const dropped = new Set<number>();
  for (const origin of ['theirs', 'mine'] as const) {
    entries.forEach((entry, index) => {
      if (entry.origin === origin && surplus[entry.code] > 0) {
        dropped.add(index);
        surplus[entry.code]--;
      }
    });
  }
  const merged: string[] = [];
  const newIndex: number[] = [];
  entries.forEach((entry, index) => {
    newIndex.push(merged.length);
    if (!dropped.has(index)) merged.push(entry.uri);
  });
  newIndex.push(merged.length);
  return { merged, conflicts: pending.map(({ conflict, at }) => ({ ...conflict, mergedStart: newIndex[at] })) };
}
