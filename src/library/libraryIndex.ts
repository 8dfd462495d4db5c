/**
 * Find in Library's index: every record of every list the library knows, searchable by words in any
 * order. Generic over "lists of records": a section adds its lists with `setList` and a function that
 * says what a record is called (see `IndexFields`); nothing here knows Spotify's shapes.
 * Plain TypeScript (no vscode), so the unit tests and the benchmark run it in Node.
 */

/** The kinds Find groups by, in the order the groups are shown. */
export const INDEX_KINDS = ['playlist', 'album', 'artist', 'show', 'track', 'episode'] as const;
export type IndexKind = (typeof INDEX_KINDS)[number];

/** What the index reads from a record; undefined leaves the record out (a removed entry). */
export interface IndexFields {
  readonly kind: IndexKind;
  /** Tells one thing apart wherever it is listed (its Spotify URI): a track in three lists is one row. */
  readonly key: string;
  readonly name: string;
  /** Artists, owner, or the show's name: searched, and shown by Find. */
  readonly byline?: string;
  readonly album?: string;
}

/** Where a row lives: a list and the record's position in it (for Reveal: the page it is on). */
export interface IndexPlace<R = unknown> {
  readonly listId: string;
  readonly index: number;
  /** The record there (a track's entry in a playlist carries when it was added there). */
  readonly record: R;
}

export interface IndexRow<R = unknown> {
  readonly kind: IndexKind;
  readonly key: string;
  /** The record of the row's first place (what the tree shows for it). */
  readonly record: R;
  readonly name: string;
  readonly byline: string;
  readonly album: string | undefined;
  /** Every list it is in, in the order the lists were first indexed. */
  readonly places: ReadonlyArray<IndexPlace<R>>;
}

export interface IndexGroup<R = unknown> {
  readonly kind: IndexKind;
  /** The best matches first (name starts with the first word, then name has every word, then the rest). */
  readonly rows: ReadonlyArray<IndexRow<R>>;
  /** How many rows match in all; `rows` stops at the query's limit. */
  readonly total: number;
}

interface Row {
  kind: IndexKind;
  key: string;
  name: string;
  byline: string;
  album: string | undefined;
  /** Normalised "name\0byline\0album": one string per row keeps a query to one scan. */
  haystack: string;
  nameLength: number;
  places: IndexPlace[];
}

interface ListEntry {
  name: string;
  /** The order lists were first indexed in: a row's places are listed in it. */
  order: number;
  keys: string[];
}

/**
 * Lower case without accents, so "beyonce" finds "Beyoncé" and "CAFÉ" finds "cafe".
 * Fast path for ASCII: most names need no decomposition.
 */
export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  return /[\u0080-\uffff]/.test(lower) ? lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : lower;
}

/** The words of a query, normalised, longest first: the most selective word rejects a row soonest. */
export function queryWords(query: string): string[] {
  const words = [...new Set(normalizeText(query).split(/\s+/).filter(Boolean))];
  return words.sort((a, b) => b.length - a.length);
}

export class LibraryIndex {
  readonly #rows = new Map<string, Row>();
  readonly #lists = new Map<string, ListEntry>();
  /** Rows in insertion order for the scan; rows that lost their last place are swept out lazily. */
  #scan: Row[] = [];
  #sweep = false;
  #listOrder = 0;
  /** Bumped on every change: a cached query result belongs to one version. */
  #version = 0;
  #last: { version: number; text: string; rows: Row[] } | undefined;
  /** Every haystack in one string, rebuilt on the first query after a change. */
  #joinedCache: { version: number; text: string; starts: Int32Array; rows: Row[] } | undefined;

  get version(): number {
    return this.#version;
  }

  /** Distinct rows (a track in three lists counts once). */
  get size(): number {
    this.#compact();
    return this.#scan.length;
  }

  /** Entries over all lists (a track in three lists counts three times). */
  get entryCount(): number {
    let count = 0;
    for (const list of this.#lists.values()) count += list.keys.length;
    return count;
  }

  listName(listId: string): string | undefined {
    return this.#lists.get(listId)?.name;
  }

  hasList(listId: string): boolean {
    return this.#lists.has(listId);
  }

  /** The names of the lists that hold `key` (a Spotify URI), in the library's order: "in Road Trip" for a search result. */
  listsHolding(key: string): string[] {
    const row = this.#rows.get(key);
    if (!row) return [];
    return [...new Set(row.places.map((place) => this.#lists.get(place.listId)?.name ?? ''))].filter(Boolean);
  }

  /** Puts `records` in place of what `listId` held before; cheap when called again for the same list. */
  setList<R>(listId: string, name: string, records: readonly R[], fieldsOf: (record: R) => IndexFields | undefined): void {
    const previous = this.#lists.get(listId);
    const fields = records.map(fieldsOf);
    const list: ListEntry = { name, order: previous?.order ?? this.#listOrder++, keys: [] };
    // A page appended (the indexer's usual step) keeps what was there: only the new tail is added.
    let start = 0;
    if (previous && previous.name === name && isPrefix(previous.keys, fields)) {
      start = fields.length > 0 ? prefixEnd(previous.keys, fields) : 0;
      list.keys = previous.keys;
    } else if (previous) {
      this.#removePlaces(listId, previous.keys);
    }
    this.#lists.set(listId, list);
    for (let index = start; index < records.length; index++) {
      const record = records[index];
      const field = fields[index];
      if (!field) continue;
      list.keys.push(field.key);
      const place: IndexPlace = { listId, index, record };
      const row = this.#rows.get(field.key);
      if (row) {
        this.#addPlace(row, place, list.order);
        continue;
      }
      const byline = field.byline ?? '';
      const haystackName = normalizeText(field.name);
      const created: Row = {
        kind: field.kind,
        key: field.key,
        name: field.name,
        byline,
        album: field.album,
        haystack: `${haystackName}\0${normalizeText(byline)}\0${field.album ? normalizeText(field.album) : ''}`,
        nameLength: haystackName.length,
        places: [place],
      };
      this.#rows.set(field.key, created);
      this.#scan.push(created);
    }
    this.#version++;
  }

  removeList(listId: string): void {
    const list = this.#lists.get(listId);
    if (!list) return;
    this.#removePlaces(listId, list.keys);
    this.#lists.delete(listId);
    this.#version++;
  }

  clear(): void {
    this.#rows.clear();
    this.#lists.clear();
    this.#scan = [];
    this.#last = undefined;
    this.#joinedCache = undefined;
    this.#version++;
  }

  /**
   * The rows whose name, byline or album hold every word of `query` (in any order, as substrings),
   * grouped by kind in INDEX_KINDS order, at most `limit` rows per group. An empty query lists all.
   */
  query<R = unknown>(query: string, limit = 100): Array<IndexGroup<R>> {
    this.#compact();
    const text = queryWords(query).join(' ');
    const words = text ? text.split(' ') : [];
    // Typing on narrows what the previous query matched: scan those, not the whole index.
    const last = this.#last;
    const narrowing = last && last.version === this.#version && last.text !== '' && words.length > 0 && isNarrowing(last.text, words);
    let matched: Row[];
    if (narrowing) matched = last.rows.filter((row) => matchesAll(row.haystack, words));
    else if (words.length === 0) matched = this.#scan.slice();
    else matched = this.#search(words);
    this.#last = { version: this.#version, text, rows: matched };
    // Ranked by the word typed first: "love song" puts "Love Song" before "Song About Love".
    const typedFirst = normalizeText(query).split(/\s+/).find(Boolean);
    return group(matched, words, typedFirst, limit) as Array<IndexGroup<R>>;
  }

  /**
   * One indexOf over all haystacks joined (V8 scans a flat string far faster than 20,000 small
   * ones) for the longest word; the other words are checked on the rows it hits.
   */
  #search(words: readonly string[]): Row[] {
    const joined = this.#joined();
    const [first, ...rest] = words;
    const matched: Row[] = [];
    const { text, starts, rows } = joined;
    let at = text.indexOf(first);
    while (at >= 0) {
      const i = rowAt(starts, at);
      const row = rows[i];
      if (matchesAll(row.haystack, rest)) matched.push(row);
      const next = i + 1 < starts.length ? starts[i + 1] : text.length;
      at = text.indexOf(first, next);
    }
    return matched;
  }

  #joined(): { version: number; text: string; starts: Int32Array; rows: Row[] } {
    if (this.#joinedCache?.version === this.#version) return this.#joinedCache;
    const rows = this.#scan;
    const starts = new Int32Array(rows.length);
    let offset = 0;
    for (let i = 0; i < rows.length; i++) {
      starts[i] = offset;
      offset += rows[i].haystack.length + 1;
    }
    // Rows are joined by a newline, which no query word holds: a match never spans two rows.
    this.#joinedCache = { version: this.#version, text: rows.map((row) => row.haystack).join('\n'), starts, rows };
    return this.#joinedCache;
  }

  #addPlace(row: Row, place: IndexPlace, order: number): void {
    // Keep places in list order, so "Liked Songs · Road Trip" reads the same after any update.
    let at = row.places.length;
    while (at > 0 && (this.#lists.get(row.places[at - 1].listId)?.order ?? -1) > order) at--;
    row.places.splice(at, 0, place);
  }

  #removePlaces(listId: string, keys: readonly string[]): void {
    for (const key of new Set(keys)) {
      const row = this.#rows.get(key);
      if (!row) continue;
      row.places = row.places.filter((place) => place.listId !== listId);
      if (row.places.length === 0) {
        this.#rows.delete(key);
        this.#sweep = true;
      }
    }
  }

  #compact(): void {
    if (!this.#sweep) return;
    this.#sweep = false;
    this.#scan = this.#scan.filter((row) => row.places.length > 0 && this.#rows.get(row.key) === row);
  }
}

/** Whether the records indexed before (their keys) are the first ones of `fields`, where undefined ones were skipped. */
function isPrefix(keys: readonly string[], fields: ReadonlyArray<IndexFields | undefined>): boolean {
  let k = 0;
  for (let i = 0; i < fields.length && k < keys.length; i++) {
    const field = fields[i];
    if (!field) continue;
    if (field.key !== keys[k]) return false;
    k++;
  }
  return k === keys.length;
}

/** The record index right after the last of `keys` in `fields` (where the new tail starts). */
function prefixEnd(keys: readonly string[], fields: ReadonlyArray<IndexFields | undefined>): number {
  let k = 0;
  let i = 0;
  for (; i < fields.length && k < keys.length; i++) if (fields[i]) k++;
  return i;
}

/** The row whose haystack holds position `at` of the joined text. */
function rowAt(starts: Int32Array, at: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}

function matchesAll(haystack: string, words: readonly string[]): boolean {
  for (const word of words) if (!haystack.includes(word)) return false;
  return true;
}

/** Every new word contains an old one and no old word is dropped: the new matches are a subset. */
function isNarrowing(lastText: string, words: readonly string[]): boolean {
  return lastText.split(' ').every((old) => words.some((word) => word.includes(old)));
}

function group(matched: readonly Row[], words: readonly string[], first: string | undefined, limit: number): IndexGroup[] {
  const buckets = new Map<IndexKind, [Row[], Row[], Row[]]>();
  const totals = new Map<IndexKind, number>();
  for (const row of matched) {
    totals.set(row.kind, (totals.get(row.kind) ?? 0) + 1);
    let bucket = buckets.get(row.kind);
    if (!bucket) buckets.set(row.kind, (bucket = [[], [], []]));
    const rank = rankOf(row, words, first);
    // Only `limit` are shown: a bucket past it cannot change what is shown.
    if (bucket[rank].length < limit) bucket[rank].push(row);
  }
  const groups: IndexGroup[] = [];
  for (const kind of INDEX_KINDS) {
    const bucket = buckets.get(kind);
    if (!bucket) continue;
    const rows = [...bucket[0], ...bucket[1], ...bucket[2]].slice(0, limit).map(publicRow);
    groups.push({ kind, rows, total: totals.get(kind) ?? 0 });
  }
  return groups;
}

/** 0: the name starts with the word typed first and holds every word; 1: the name holds every word; 2: matched through byline or album. */
function rankOf(row: Row, words: readonly string[], first: string | undefined): 0 | 1 | 2 {
  if (first === undefined) return 1;
  let inName = true;
  for (const word of words) {
    const at = row.haystack.indexOf(word);
    if (at < 0 || at >= row.nameLength) inName = false;
  }
  if (!inName) return 2;
  return row.haystack.startsWith(first) ? 0 : 1;
}

function publicRow(row: Row): IndexRow {
  const { kind, key, name, byline, album, places } = row;
  return { kind, key, record: places[0].record, name, byline, album, places };
}
