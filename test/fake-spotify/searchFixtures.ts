// Constants the tests rely on for search: records of Spotify's catalog that are NOT in the user's
// library (search finds them before anything is saved), all matching one word, SEARCH_WORD, that no
// generated name contains, so a search for it has a known answer whatever the seed.

export const SEARCH_WORD = 'Zephyr';

/** Catalog indices of the search-only records: far beyond every generated catalog. */
export const SEARCH_INDEX = {
  /** First of the catalog-only tracks (library.ts catalog indices). */
  firstTrack: 3_000_000,
  /** sections.ts album, artist and show indices. */
  album: 9_000_000,
  artist: 9_000_000,
  show: 9_000_000,
} as const;

/** Fixed ids (22 base62 characters) of the search-only records. */
export const SEARCH_FIXTURES = {
  /** "Zephyr Sessions" by the Zephyr Quartet: SEARCH_COUNTS.albumTracks tracks, browsable (/albums/{id}, /albums/{id}/tracks). Not saved. */
  album: '0ZephyrSessionsAlbum12',
  /** "Zephyr Quartet": not followed; its albums are the one above. */
  artist: '1ZephyrQuartetArtist00',
  /** "Zephyr Nights": public, owned by otheruser, not followed (metadata only, /items 403). */
  playlist: '2ZephyrNightsPlaylist0',
  /** "Zephyr Hits": Spotify-owned; search lists it as `null` (dev-mode apps get no Spotify-owned playlists), counted in total. */
  spotifyPlaylist: '37i9dQZF1DXZephyrHits0',
  /** "The Zephyr Hour": a show, not saved, SEARCH_COUNTS.showEpisodes episodes named "The Zephyr Hour #n: …". */
  show: '4TheZephyrHourShow0000',
} as const;

export const SEARCH_NAMES = {
  album: 'Zephyr Sessions',
  artist: 'Zephyr Quartet',
  playlist: 'Zephyr Nights',
  spotifyPlaylist: 'Zephyr Hits',
  show: 'The Zephyr Hour',
  /** One of the catalog-only tracks (the last): a name that is Markdown and HTML at once. */
  markdownTrack: '<img src=x onerror=alert(1)> **Zephyr** [link](http://evil.example)',
} as const;

export const SEARCH_COUNTS = {
  /** Catalog-only tracks named "… Zephyr …" (the Markdown one included), by generated artists. */
  catalogTracks: 30,
  /** Tracks of the Zephyr Sessions album: found by their artist's name. */
  albumTracks: 12,
  showEpisodes: 6,
  /** Entries of the Zephyr Nights playlist (the first catalog-only tracks). */
  playlistEntries: 20,
} as const;

/** What `q=Zephyr&type=track` totals: the catalog-only tracks and the album's tracks. */
export const SEARCH_WORD_TRACKS = SEARCH_COUNTS.catalogTracks + SEARCH_COUNTS.albumTracks;
