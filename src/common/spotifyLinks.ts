/** Spotify links and URIs found in text: what the hover explains. */

export const SPOTIFY_LINK_KINDS = ['track', 'album', 'playlist', 'artist', 'episode', 'show'] as const;
export type SpotifyLinkKind = (typeof SPOTIFY_LINK_KINDS)[number];

export interface SpotifyLinkMatch {
  readonly kind: SpotifyLinkKind;
  /** As written; may be malformed (see isSpotifyId). */
  readonly id: string;
  /** Offsets of the whole link or URI in the searched text. */
  readonly start: number;
  readonly end: number;
}

const KINDS = SPOTIFY_LINK_KINDS.join('|');
/**
 * open.spotify.com links (also `intl-de/`, `intl-pt_BR`-style prefixes, `embed/`, a query or a
 * fragment) and `spotify:kind:id` URIs. The id is whatever word follows, checked separately.
 */
const LINK_PATTERN = new RegExp(
  `https?://open\\.spotify\\.com/(?:intl-[A-Za-z]{2}(?:[-_][A-Za-z]{2,4})?/)?(?:embed/)?(${KINDS})/([A-Za-z0-9]+)(?:[?#][^\\s()<>\\[\\]"'\`]*)?` +
    `|\\bspotify:(${KINDS}):([A-Za-z0-9]+)`,
  'g',
);

/** Spotify ids are 22 base-62 characters. */
export function isSpotifyId(id: string): boolean {
  return /^[A-Za-z0-9]{22}$/.test(id);
}

export function findSpotifyLinks(text: string): SpotifyLinkMatch[] {
  const found: SpotifyLinkMatch[] = [];
  for (const match of text.matchAll(LINK_PATTERN)) {
    const kind = (match[1] ?? match[3]) as SpotifyLinkKind;
    const id = match[2] ?? match[4];
    let end = match.index + match[0].length;
    // A sentence's closing punctuation is not part of the link.
    while (end > match.index && /[.,;:!?]/.test(text[end - 1]) && match[1]) end--;
    found.push({ kind, id, start: match.index, end });
  }
  return found;
}

/** The link or URI under `offset` (inclusive of its last character), if any. */
export function spotifyLinkAt(text: string, offset: number): SpotifyLinkMatch | undefined {
  return findSpotifyLinks(text).find((link) => offset >= link.start && offset <= link.end);
}
