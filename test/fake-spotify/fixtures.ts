// Constants the tests rely on: the fake's client id, user, fixture playlists and the odd entries inside them.

/** The only Client ID the fake accepts by default (config `registeredClientIds` changes that). */
export const FAKE_CLIENT_ID = '0123456789abcdef0123456789abcdef';
export const FAKE_APP_NAME = 'Library for Spotify (fake)';

export const FAKE_USER = { id: 'fakeuser', display_name: 'Fake Listener' } as const;

/** Other users that own fixture playlists. */
export const OTHER_USERS = {
  collabfriend: 'Collab Friend',
  otheruser: 'Other Curator',
  spotify: 'Spotify',
} as const;

export const FAKE_SCOPES = ['user-library-read', 'playlist-read-private', 'playlist-read-collaborative'];

/** Fixture playlists, always present in /me/playlists in this order, before the generated ones. */
export const FIXTURE_PLAYLISTS = {
  /** Owned, exactly 120 track entries. */
  owned120: 'LR9rJCzrvj3Npr7R8XGlUR',
  /** Owned, the odd entries listed in EDGE_CASES. */
  edgeCases: 'Sdi0XApov3tStlmaFSMGt8',
  /** Owned by collabfriend, collaborative: readable. */
  collaborative: 'JOctuAP8BxKeL955CPDwxY',
  /** Owned by otheruser, not collaborative: metadata only, 403 on /items. */
  followed: 'pTK0jGa69aA3dEkysX0jqp',
  /** Owned by spotify: listed, but 404 on /playlists/{id} and /items. */
  spotifyOwned: '37i9dQZF1DXcBWIGoYBM5M',
  /** Owned, 5,000 entries. */
  big5000: 'yLUEMB9hUfAJkrj5XBgA4M',
  /** Owned, no entries. */
  empty: 'XtQMDG4EJsiHSWTsNdcLgR',
  /** Owned, what Clean Up finds (NEEDS_CLEANUP): a URI twice, two releases of one recording, an unavailable song. */
  needsCleanup: 'Nc7kQ2LmUp9vRt4sWx1yZa',
} as const;

export type FixtureName = keyof typeof FIXTURE_PLAYLISTS;

export const FIXTURE_SIZES: Record<FixtureName, number> = {
  owned120: 120,
  edgeCases: 16,
  collaborative: 25,
  followed: 40,
  spotifyOwned: 50,
  big5000: 5000,
  empty: 0,
  needsCleanup: 8,
};

/** With `legacyPlaylistShape`, this fixture carries `tracks: null` (seen in the wild). */
export const LEGACY_NULL_TRACKS_PLAYLIST = FIXTURE_PLAYLISTS.collaborative;

export const EDGE_NAMES = {
  markdown: '**bold** [link](https://evil.example) <img src=x onerror=alert(1)>',
  markdownArtist: '<b>Tag</b> & [Co](javascript:alert(1))',
  code: '`code`',
  heading: '# heading',
  japanese: '夜に駆ける',
  arabic: 'أغنية الليل',
  emoji: '🎧 Late Night Loop 🌙',
  longName: ('A Very Long Track Name That Keeps Going ' as string).repeat(8).slice(0, 300),
  explicit: 'Explicit Content Song',
  unavailable: 'Not In Your Market',
  trackOnly: 'Old Shape Entry',
  episode: 'Episode 42: Tests That Lie',
  show: 'The Fake Podcast',
  local: { artist: 'Local Artist', album: 'Home Recordings', title: 'Demo Take 3', seconds: 215 },
} as const;

/** Positions (0-based offsets) of the odd entries in the edgeCases playlist; the rest are plain tracks. */
export const EDGE_CASES = {
  local: 1,
  nullEntry: 2,
  episode: 3,
  unavailable: 4,
  trackOnly: 5,
  markdown: 6,
  code: 7,
  heading: 8,
  japanese: 9,
  arabic: 10,
  emoji: 11,
  longName: 12,
  explicit: 13,
} as const;

/**
 * Positions (0-based) in the needsCleanup playlist; the other entries are plain available tracks.
 * `duplicate`: one URI at both positions. `albumVersion`/`singleVersion`: two track URIs of one
 * recording (same title, artists and ISRC, 1.4 s apart; the second on a single). `unavailable`:
 * `is_playable: false` when a market is sent.
 */
export const NEEDS_CLEANUP = {
  duplicate: [1, 4],
  albumVersion: 2,
  singleVersion: 5,
  unavailable: 6,
} as const;

export const NEEDS_CLEANUP_NAMES = {
  duplicate: 'Twice In A Row',
  recording: 'Same Song, Two Releases',
  unavailable: 'Gone From This Market',
} as const;

/** The local file's uri as Spotify writes it (spaces as '+'). */
export const EDGE_LOCAL_URI = 'spotify:local:Local+Artist:Home+Recordings:Demo+Take+3:215';

/** Positions in Liked Songs (newest first) with hand-made names; present when the library is big enough. */
export const LIKED_SPECIALS = {
  markdown: { position: 1, name: '**Bold Move** [click me](https://evil.example)' },
  html: { position: 4, name: '<img src=x onerror=alert(1)>' },
  unavailable: { position: 6, name: 'Gone From Your Country' },
  code: { position: 9, name: '`rm -rf /` (Live)' },
} as const;

/** Entries (0-based positions) of the big5000 playlist with names that test exports: CSV quoting, formula neutralising, Markdown cells. */
export const BIG_SPECIALS = {
  comma: { position: 10, name: 'Comma, Then More' },
  quote: { position: 11, name: 'The "Quoted" One' },
  lineBreak: { position: 12, name: 'Line One\nLine Two' },
  formula: { position: 13, name: '=HYPERLINK("https://evil.example","Click")' },
  pipe: { position: 14, name: 'Left | Right \\| Escaped' },
  html: { position: 15, name: '<img src=x onerror=alert(1)> & `tick`' },
  minus: { position: 16, name: '-1 Degrees' },
} as const;
