// Constants the tests rely on for the rest of Your Library: saved albums, followed artists, saved
// podcasts and Your Episodes. Fixed ids, fixed positions, names that look like Markdown or HTML.

/** What a token needs per endpoint (Spotify's documented scopes). */
export const SECTION_SCOPES = {
  savedAlbums: 'user-library-read',
  followedArtists: 'user-follow-read',
  savedShows: 'user-library-read',
  savedEpisodes: 'user-library-read',
  /** Without it, episodes come without `resume_point` (the request still succeeds). */
  resumePoints: 'user-read-playback-position',
} as const;

/** Default sizes of the generated sections (options/CLI: --albums --artists --shows --episodes). */
export const SECTION_DEFAULTS = {
  albums: 500,
  artists: 300,
  shows: 80,
  /** Saved episodes (Your Episodes). */
  episodes: 120,
} as const;

export const SECTION_NAMES = {
  markdownAlbum: '**Bold Album** [click](https://evil.example) <img src=x onerror=alert(1)>',
  markdownArtist: '<b>The</b> _Tags_ & [Co](javascript:alert(1))',
  markdownShow: '# The <i>Show</i> `code` Hour',
  markdownEpisode: '<script>alert(1)</script> **Ep. 1**: [link](https://evil.example)',
  refusingArtist: 'Refused Artist',
  emptyArtist: 'Artist Without Albums',
  bigShow: 'The Long Running Show',
} as const;

/** Fixed ids of the special records (22 base62 characters, like Spotify's). */
export const SECTION_FIXTURES = {
  /** 150 tracks over three discs (60, 52, 38): saved, at SECTION_POSITIONS.multiDiscAlbum. */
  multiDiscAlbum: '4MultiDiscAlbum150Trks',
  /** Named SECTION_NAMES.markdownAlbum, by the Markdown artist. */
  markdownAlbum: '6MarkdownAlbumNameHtml',
  /** Saved, by the refusing artist. */
  refusedArtistAlbum: '2RefusedArtistAlbumOne',
  /** Followed; /artists/{id}/albums answers 403 Forbidden (as Spotify does for some dev-mode apps). */
  refusingArtist: '0RefusingArtistNoAlbum',
  /** Followed; /artists/{id}/albums answers an empty page (also reported for dev-mode apps). */
  emptyArtist: '1EmptyArtistZeroAlbums',
  /** Followed, named SECTION_NAMES.markdownArtist. */
  markdownArtist: '3MarkdownArtistHtmlTag',
  /** Saved show with exactly 400 episodes (before any publish). */
  bigShow: '5BigShowFourHundredEps',
  /** Saved show named SECTION_NAMES.markdownShow; its newest episode is the Markdown episode. */
  markdownShow: '7MarkdownShowNameHtmlX',
  /** The big show's second newest episode: never a resume_point, whatever the scope. Saved. */
  episodeWithoutResumePoint: '8EpisodeWithoutResumeP',
  /** Newest episode of the Markdown show, named SECTION_NAMES.markdownEpisode. Saved. */
  markdownEpisode: '9MarkdownEpisodeNameHt',
  /** Resume point {fully_played: false, resume_position_ms: 754000}. Saved. */
  partlyPlayedEpisode: 'aPartlyPlayedEpisodeXy',
  /** Resume point {fully_played: true, resume_position_ms: 0}. Saved. */
  fullyPlayedEpisode: 'bFullyPlayedEpisodeXyz',
} as const;

export const MULTI_DISC_SIZES = [60, 52, 38] as const;
export const BIG_SHOW_EPISODES = 400;
export const PARTLY_PLAYED_MS = 754_000;

/** 0-based positions (newest first) of the specials in the saved lists, present when the list is long enough. */
export const SECTION_POSITIONS = {
  multiDiscAlbum: 2,
  markdownAlbum: 4,
  refusedArtistAlbum: 6,
  bigShow: 0,
  markdownShow: 1,
  episodeWithoutResumePoint: 0,
  markdownEpisode: 1,
  partlyPlayedEpisode: 2,
  fullyPlayedEpisode: 3,
} as const;
