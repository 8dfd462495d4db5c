import { displayLocale } from '../common/displayLocale';
import { l10n } from '../common/l10n';
import { normalizeText, queryWords } from '../library/libraryIndex';
import type { PlaylistRecord, TrackRecord } from '../library/records';

/** The orders Spotify's apps offer where the Web API has the data (no "recently played" here). */
export type SortOrder = 'custom' | 'added' | 'title' | 'artist' | 'album' | 'duration' | 'alphabetical' | 'creator' | 'released';

export interface SortOrderOption {
  readonly order: SortOrder;
  /** The Sort By pick's label ("Recently added"), worded when read (see common/l10n.ts). */
  readonly label: string;
}

function option(order: SortOrder, labelledAs: SortOrder = order): SortOrderOption {
  return {
    order,
    get label() {
      return sortOrderLabel(labelledAs);
    },
  };
}

function sortOrderLabel(order: SortOrder): string {
  switch (order) {
    case 'custom':
      return l10n.t('Custom order');
    case 'added':
      return l10n.t('Recently added');
    case 'title':
      return l10n.t('Title');
    case 'artist':
      return l10n.t('Artist');
    case 'album':
      return l10n.t('Album');
    case 'duration':
      return l10n.t('Duration');
    case 'alphabetical':
      return l10n.t('Alphabetical');
    case 'creator':
      return l10n.t('Creator');
    case 'released':
      return l10n.t('Release date');
  }
}

/** The list's description for an order other than Spotify's: a whole phrase per order, for translations. */
function sortedByText(order: Exclude<SortOrder, 'custom'>): string {
  switch (order) {
    case 'added':
      return l10n.t('sorted by recently added');
    case 'title':
      return l10n.t('sorted by title');
    case 'artist':
      return l10n.t('sorted by artist');
    case 'album':
      return l10n.t('sorted by album');
    case 'duration':
      return l10n.t('sorted by duration');
    case 'alphabetical':
      return l10n.t('sorted by alphabetical');
    case 'creator':
      return l10n.t('sorted by creator');
    case 'released':
      return l10n.t('sorted by release date');
  }
}

export const TRACK_ORDERS: readonly SortOrderOption[] = (['custom', 'added', 'title', 'artist', 'album', 'duration'] as const).map((order) => option(order));

/** Liked Songs as Spotify keeps them is newest first: one "Recently added", not that and "Custom order" (issue 20.9d). */
export const LIKED_ORDERS: readonly SortOrderOption[] = [option('custom', 'added'), ...(['title', 'artist', 'album', 'duration'] as const).map((order) => option(order))];

export const PLAYLIST_ORDERS: readonly SortOrderOption[] = (['custom', 'alphabetical', 'creator'] as const).map((order) => option(order));

export const ALBUM_ORDERS: readonly SortOrderOption[] = (['added', 'alphabetical', 'artist', 'released'] as const).map((order) => option(order));

/** Artists and podcasts: as Spotify lists them, or by name. */
export const NAME_ORDERS: readonly SortOrderOption[] = (['custom', 'alphabetical'] as const).map((order) => option(order));

/** The orders a list offers, by its id ("liked", "playlists", "section:albums", "playlist:<id>"). */
export function ordersFor(listId: string): readonly SortOrderOption[] {
  if (listId === 'playlists') return PLAYLIST_ORDERS;
  if (listId === 'liked') return LIKED_ORDERS;
  if (listId === 'section:albums') return ALBUM_ORDERS;
  if (listId === 'section:artists' || listId === 'section:shows') return NAME_ORDERS;
  return TRACK_ORDERS;
}

/** Where the sort orders live: VS Code's globalState (no secret in them), a Map in unit tests. */
export interface OrderStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

const ORDERS_KEY = 'spotifyLibrary.sortOrders';

export interface ActiveFilter {
  readonly text: string;
  /** The list it narrows ("liked", "playlists", "playlist:<id>"); undefined: the whole view. */
  readonly listId?: string;
}

let collator: { locale: string | undefined; compare: Intl.Collator['compare'] } | undefined;

/** Names compare as the display language sorts them (accents, case and numbers as its speakers expect). */
function compareNames(a: string, b: string): number {
  const locale = displayLocale();
  if (!collator || collator.locale !== locale) collator = { locale, compare: new Intl.Collator(locale, { sensitivity: 'base', numeric: true }).compare };
  return collator.compare(a, b);
}

/**
 * How each list of the view is shown: its sort order (remembered per list across restarts) and
 * the filter in force. The tree asks it to arrange a list's items and to describe the list.
 */
export class ListArrangement {
  #filter: (ActiveFilter & { words: string[] }) | undefined;
  readonly #store: OrderStore;
  /** A playlist's loaded entries, so the view's filter keeps playlists holding a match. */
  readonly #entriesOf: (playlistId: string) => readonly TrackRecord[];

  constructor(store: OrderStore, entriesOf: (playlistId: string) => readonly TrackRecord[] = () => []) {
    this.#store = store;
    this.#entriesOf = entriesOf;
  }

  sortOf(listId: string): SortOrder {
    return this.#store.get<Record<string, SortOrder>>(ORDERS_KEY)?.[listId] ?? 'custom';
  }

  async setSort(listId: string, order: SortOrder): Promise<void> {
    const orders = { ...this.#store.get<Record<string, SortOrder>>(ORDERS_KEY) };
    if (order === 'custom') delete orders[listId];
    else orders[listId] = order;
    await this.#store.update(ORDERS_KEY, orders);
  }

  get filter(): ActiveFilter | undefined {
    return this.#filter;
  }

  setFilter(filter: ActiveFilter | undefined): void {
    const words = filter ? queryWords(filter.text) : [];
    this.#filter = filter && words.length > 0 ? { ...filter, words } : undefined;
  }

  /** Whether the filter narrows `listId` (the view's filter narrows every list). */
  filters(listId: string): boolean {
    return !!this.#filter && (this.#filter.listId === undefined || this.#filter.listId === listId);
  }

  /** "sorted by title", "filtered: road" for the list's description; undefined when shown as Spotify lists it. */
  describe(listId: string): string | undefined {
    const order = this.sortOf(listId);
    return order === 'custom' ? undefined : sortedByText(order);
  }

  /** Whether the list shows otherwise than Spotify orders it (sorted, or filtered): then it shows whole. */
  rearranges(listId: string): boolean {
    return this.filters(listId) || this.sortOf(listId) !== 'custom';
  }

  /** The items as the list shows them: the filter's matches, in the list's order. */
  arrange<T>(listId: string, items: readonly T[]): readonly T[] {
    let shown = items;
    if (this.filters(listId)) shown = shown.filter((item) => this.#matches(item));
    const order = this.sortOf(listId);
    if (order === 'custom') return shown;
    const compare = comparatorFor(order);
    return compare ? [...shown].sort(compare) : shown;
  }

  /** Where the filter's words are in `label`, for TreeItemLabel.highlights. */
  highlights(listId: string, label: string): Array<[number, number]> | undefined {
    if (!this.filters(listId)) return undefined;
    const text = normalizeText(label);
    // Folding accents can change the length; highlights then would be off: none rather than wrong.
    if (text.length !== label.length) return undefined;
    const ranges: Array<[number, number]> = [];
    for (const word of this.#filter!.words) {
      const at = text.indexOf(word);
      if (at >= 0) ranges.push([at, at + word.length]);
    }
    return ranges.length ? ranges.sort((a, b) => a[0] - b[0]) : undefined;
  }

  #matches(item: unknown): boolean {
    const words = this.#filter!.words;
    const record = item as Partial<TrackRecord & PlaylistRecord>;
    const text = normalizeText([record.name, record.byline, record.album, record.ownerName].filter(Boolean).join('\0'));
    if (words.every((word) => text.includes(word))) return true;
    // The view's filter keeps a playlist that holds a match, so the match can be reached.
    if (this.#filter!.listId === undefined && record.id && record.ownerName !== undefined) {
      return this.#entriesOf(record.id).some((entry) => {
        const entryText = normalizeText(`${entry.name}\0${entry.byline}\0${entry.album ?? ''}`);
        return words.every((word) => entryText.includes(word));
      });
    }
    return false;
  }
}

function comparatorFor(order: SortOrder): ((a: unknown, b: unknown) => number) | undefined {
  const track = (compare: (a: TrackRecord, b: TrackRecord) => number) => compare as (a: unknown, b: unknown) => number;
  const playlist = (compare: (a: PlaylistRecord, b: PlaylistRecord) => number) => compare as (a: unknown, b: unknown) => number;
  switch (order) {
    case 'added':
      return track((a, b) => (b.addedAt ?? '').localeCompare(a.addedAt ?? ''));
    case 'title':
      return track((a, b) => compareNames(a.name, b.name));
    case 'artist':
      return track((a, b) => compareNames(a.byline, b.byline) || compareNames(a.album ?? '', b.album ?? '') || compareNames(a.name, b.name));
    case 'album':
      return track((a, b) => compareNames(a.album ?? '', b.album ?? '') || compareNames(a.name, b.name));
    case 'duration':
      return track((a, b) => (a.durationMs ?? 0) - (b.durationMs ?? 0));
    case 'alphabetical':
      return playlist((a, b) => compareNames(a.name, b.name));
    case 'released':
      return ((a: { releaseDate?: string }, b: { releaseDate?: string }) => (b.releaseDate ?? '').localeCompare(a.releaseDate ?? '')) as (a: unknown, b: unknown) => number;
    case 'creator':
      return playlist((a, b) => compareNames(a.ownerName, b.ownerName) || compareNames(a.name, b.name));
    default:
      return undefined;
  }
}

/** The list a tree node pages ("liked", "playlists", "playlist:<id>"), from its shape. */
export function listIdOfNode(node: { id: string; playlist?: { id: string } } | undefined): string | undefined {
  if (!node) return undefined;
  if (node.playlist) return `playlist:${node.playlist.id}`;
  if (node.id === 'liked' || node.id === 'playlists') return node.id;
  if (['albums', 'artists', 'shows', 'episodes'].includes(node.id)) return `section:${node.id}`;
  return undefined;
}

/** The arrangement the tree uses; set once by activate (the nodes are built before commands exist). */
export const viewArrangement: { current: ListArrangement | undefined } = { current: undefined };
