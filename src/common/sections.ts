/**
 * The Library's sections as the user chooses them: which show, in what order, and the Spotify
 * permissions (scopes) each needs. Pure data: the sign-in, the view and the model all read it.
 */
export type SectionId = 'liked' | 'playlists' | 'albums' | 'artists' | 'shows' | 'episodes';

/** The order the Spotify app uses; also the default setting. */
export const SECTION_IDS: readonly SectionId[] = ['liked', 'playlists', 'albums', 'artists', 'shows', 'episodes'];

export interface SectionInfo {
  readonly label: string;
  /** A codicon id. */
  readonly icon: string;
  readonly tooltip: string;
  /** Scopes without which the section cannot load at all. */
  readonly scopes: readonly string[];
  /** Scopes that add to it (resume points); asked for at sign-in while the section shows. */
  readonly extraScopes?: readonly string[];
}

export const RESUME_POINT_SCOPE = 'user-read-playback-position';

export const SECTION_INFO: Readonly<Record<SectionId, SectionInfo>> = {
  liked: { label: 'Liked Songs', icon: 'heart', tooltip: 'Your Liked Songs, newest first', scopes: ['user-library-read'] },
  playlists: { label: 'Playlists', icon: 'library', tooltip: 'Playlists you own, collaborate on or follow', scopes: ['playlist-read-private', 'playlist-read-collaborative'] },
  albums: { label: 'Albums', icon: 'record', tooltip: 'Albums you saved, newest first', scopes: ['user-library-read'] },
  artists: { label: 'Artists', icon: 'person', tooltip: 'Artists you follow', scopes: ['user-follow-read'] },
  shows: { label: 'Podcasts', icon: 'broadcast', tooltip: 'Podcasts you saved, newest first', scopes: ['user-library-read'], extraScopes: [RESUME_POINT_SCOPE] },
  episodes: { label: 'Your Episodes', icon: 'bookmark', tooltip: 'Episodes you saved, newest first', scopes: ['user-library-read'], extraScopes: [RESUME_POINT_SCOPE] },
};

/** What a user must let Spotify allow, in words, per scope. */
export const SCOPE_WORDS: Readonly<Record<string, string>> = {
  'user-follow-read': 'see the artists you follow',
  [RESUME_POINT_SCOPE]: 'see where you left off in episodes',
  'user-library-read': 'see your saved songs, albums, podcasts and episodes',
  'playlist-read-private': 'see your playlists',
  'playlist-read-collaborative': 'see your collaborative playlists',
  'user-read-playback-state': 'see your devices and what plays on them',
  'user-modify-playback-state': 'play music on your devices',
  'user-read-currently-playing': 'see what is playing now',
  'user-library-modify': 'save and remove songs, albums, podcasts and episodes',
  'user-follow-modify': 'follow and unfollow artists',
  'playlist-modify-private': 'change your private playlists',
  'playlist-modify-public': 'change your public playlists',
};

/**
 * What the actions beyond reading need. None is asked at the first sign-in: the first action that
 * needs one asks for it (commands/permissions.ts), and a session without them keeps reading.
 */
export const ACTION_SCOPES = {
  playback: ['user-read-playback-state', 'user-modify-playback-state', 'user-read-currently-playing'],
  saveToLibrary: ['user-library-modify'],
  followArtists: ['user-follow-modify'],
  editPlaylists: ['playlist-modify-private', 'playlist-modify-public'],
} as const satisfies Record<string, readonly string[]>;

/** The setting's value made safe: known ids, each once, in the order given; unknown values ignored. */
export function shownSections(setting: unknown): SectionId[] {
  if (!Array.isArray(setting)) return [...SECTION_IDS];
  const shown: SectionId[] = [];
  for (const value of setting) {
    if (SECTION_IDS.includes(value as SectionId) && !shown.includes(value as SectionId)) shown.push(value as SectionId);
  }
  return shown;
}

/** Every scope the shown sections use: a new sign-in asks for these. */
export function scopesForSections(sections: readonly SectionId[]): string[] {
  return [...new Set(sections.flatMap((id) => [...SECTION_INFO[id].scopes, ...(SECTION_INFO[id].extraScopes ?? [])]))].sort();
}
