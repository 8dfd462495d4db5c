/**
 * What a screen reader says for a row of the Library: its name, what kind of row it is, its state
 * in words, then the details the row shows. Pure (no `vscode`): the nodes pass localised words.
 */

/** Every kind of row the Library shows. */
export type RowKind =
  | 'section'
  | 'playlist'
  | 'album'
  | 'artist'
  | 'show'
  | 'episode'
  | 'track'
  | 'localFile'
  | 'removed'
  | 'loadMore'
  | 'notice'
  | 'permission'
  | 'error';

/** States a row can be in, said after its kind, in this order. */
export const ROW_STATES = ['loading', 'error', 'unavailable', 'local', 'explicit', 'liked', 'played', 'collaborative'] as const;
export type RowState = (typeof ROW_STATES)[number];

export interface RowWords {
  readonly kinds: Readonly<Record<RowKind, string>>;
  readonly states: Readonly<Record<RowState, string>>;
}

export const ENGLISH_ROW_WORDS: RowWords = {
  kinds: {
    section: 'library section',
    playlist: 'playlist',
    album: 'album',
    artist: 'artist',
    show: 'podcast',
    episode: 'episode',
    track: 'song',
    localFile: 'local file',
    removed: 'removed item',
    loadMore: 'load more',
    notice: 'notice',
    permission: 'permission',
    error: 'error',
  },
  states: {
    loading: 'loading',
    error: 'could not load',
    unavailable: 'unavailable',
    local: 'local file',
    explicit: 'explicit',
    liked: 'liked',
    played: 'played',
    collaborative: 'collaborative',
  },
};

export interface RowSpeech {
  readonly kind: RowKind;
  /** The row's name as shown (a song's title, a playlist's name, a notice's short label). */
  readonly name: string;
  /** Liked is an input, not derived here: the liked markers come from the library's liked state. */
  readonly states?: Partial<Record<RowState, boolean>>;
  /** What the row shows besides its name (artists, length, counts), each said as it is. */
  readonly details?: ReadonlyArray<string | undefined>;
}

/** The role every row keeps: they are items of a tree (a different role would break tree navigation). */
export const ROW_ROLE = 'treeitem';

/** "Golden Heart, song, unavailable, liked, Ava Stone, 3:12". Empty parts and repeats are left out. */
export function rowAccessibilityLabel(row: RowSpeech, words: RowWords = ENGLISH_ROW_WORDS): string {
  const kindWord = words.kinds[row.kind];
  const parts: string[] = [spoken(row.name), kindWord];
  for (const state of ROW_STATES) {
    if (row.states?.[state]) parts.push(words.states[state]);
  }
  for (const detail of row.details ?? []) parts.push(spoken(detail));
  const said: string[] = [];
  for (const part of parts) {
    // "local file, local file" or a detail that repeats the kind says nothing new.
    if (part && !said.some((earlier) => earlier.toLocaleLowerCase() === part.toLocaleLowerCase())) said.push(part);
  }
  return said.join(', ');
}

/** Text from Spotify may carry line breaks or runs of spaces; a screen reader should hear one line. */
function spoken(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export function accessibilityInformationOf(row: RowSpeech, words?: RowWords): { label: string; role: string } {
  return { label: rowAccessibilityLabel(row, words), role: ROW_ROLE };
}
