/**
 * Search Spotify: the whole catalog, not just the library. Spotify's development-mode limit is 10
 * results a page, so a search shows the first page of each kind and pages on one kind at a time
 * (offset). Every answer is kept for the session, so typing back to an earlier query, or asking
 * for a page shown before, costs nothing. The quick pick (commands/searchCommand.ts) debounces
 * typing; this module decides what one query costs.
 */
import type { AlbumRecord, ArtistRecord, PageResult, PlaylistRecord, ShowRecord, TrackRecord } from './records';

export const SEARCH_KINDS = ['track', 'album', 'artist', 'playlist', 'show', 'episode'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchPages {
  readonly track?: PageResult<TrackRecord>;
  readonly album?: PageResult<AlbumRecord>;
  readonly artist?: PageResult<ArtistRecord>;
  readonly playlist?: PageResult<PlaylistRecord>;
  readonly show?: PageResult<ShowRecord>;
  readonly episode?: PageResult<TrackRecord>;
}

/** Typing pauses this long before Spotify is asked: one request a pause, never one a keystroke. */
export const TYPING_PAUSE_MS = 400;
/** Spotify's most a page in development mode (more is a 400). */
export const SEARCH_PAGE_SIZE = 10;
/** Spotify pages no further than this offset. */
export const SEARCH_MAX_OFFSET = 1000;
/** Answers kept for the session: a day of searching, a few hundred KB. */
const CACHE_ENTRIES = 300;

export interface SearchSource {
  search(query: string, kinds: readonly SearchKind[], offset: number, limit: number): Promise<SearchPages>;
}

/** What the user typed: the words, and the kinds a prefix chose ("album: blue" searches albums only). */
export interface SearchQuery {
  readonly text: string;
  readonly kinds: readonly SearchKind[];
}

/** Prefixes that pick one kind, in English and in the words a translation gives (`extraPrefixes`). */
const PREFIXES: Record<string, SearchKind> = { song: 'track', songs: 'track', track: 'track', album: 'album', albums: 'album', artist: 'artist', artists: 'artist', playlist: 'playlist', playlists: 'playlist', podcast: 'show', podcasts: 'show', show: 'show', episode: 'episode', episodes: 'episode' };

export function parseSearchQuery(typed: string, extraPrefixes: Readonly<Record<string, SearchKind>> = {}): SearchQuery {
  const match = /^\s*([\p{L}]+):\s*(.*)$/u.exec(typed);
  const kind = match ? (PREFIXES[match[1].toLowerCase()] ?? extraPrefixes[match[1].toLowerCase()]) : undefined;
  const text = (kind ? match![2] : typed).trim().replace(/\s+/g, ' ');
  return { text, kinds: kind ? [kind] : SEARCH_KINDS };
}

export class CatalogSearch {
  readonly #source: SearchSource;
  /** By kinds, offset and query (case and spacing ignored): answered or on their way. */
  readonly #cache = new Map<string, Promise<SearchPages>>();

  constructor(source: SearchSource) {
    this.#source = source;
  }

  /** The first page of each kind of `query`. */
  first(query: SearchQuery): Promise<SearchPages> {
    return this.#cached(query.text, query.kinds, 0);
  }

  /** The next page of one kind, from `offset` (what is shown so far). */
  more(query: SearchQuery, kind: SearchKind, offset: number): Promise<SearchPages> {
    return this.#cached(query.text, [kind], Math.min(offset, SEARCH_MAX_OFFSET));
  }

  #cached(text: string, kinds: readonly SearchKind[], offset: number): Promise<SearchPages> {
    const key = `${kinds.join(',')}|${offset}|${text.toLowerCase()}`;
    const known = this.#cache.get(key);
    if (known) {
      // Most recently used last: the oldest answer goes first when the cache is full.
      this.#cache.delete(key);
      this.#cache.set(key, known);
      return known;
    }
    const answer = this.#source.search(text, kinds, offset, SEARCH_PAGE_SIZE);
    this.#cache.set(key, answer);
    // A failed search is not kept: asked again, it is tried again.
    answer.catch(() => {
      if (this.#cache.get(key) === answer) this.#cache.delete(key);
    });
    while (this.#cache.size > CACHE_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!);
    return answer;
  }
}

/** Whether Spotify has more of a kind from `nextOffset` on (and lets it be paged to). */
export function hasMore(page: PageResult<unknown> | undefined, nextOffset: number): boolean {
  return !!page && nextOffset < page.total && nextOffset <= SEARCH_MAX_OFFSET;
}

/**
 * What a debounced search box asks for, given what was typed and when: each value that stood
 * `pauseMs` (or was the last), in order. The quick pick does this with a timer; the benchmark
 * replays typing through it.
 */
export function searchedValues(typing: ReadonlyArray<{ readonly value: string; readonly atMs: number }>, pauseMs: number): string[] {
  return typing.filter((change, index) => index === typing.length - 1 || typing[index + 1].atMs - change.atMs >= pauseMs).map((change) => change.value);
}
