/**
 * The Library's sections as the user chooses them: which show, in what order, and the Spotify
 * permissions (scopes) each needs. Pure data: the sign-in, the view and the model all read it.
 */
import { l10n } from './l10n';

export type SectionId = 'liked' | 'playlists' | 'albums' | 'artists' | 'shows' | 'episodes';

/** The order the Spotify app uses; also the default setting. */
export const SECTION_IDS: readonly SectionId[] = ['liked', 'playlists', 'albums', 'artists', 'shows', 'episodes'];

/**
 * Roots that show the user's listening, not their library: shown and ordered by the same setting,
 * but never indexed, backed up, cleaned up or counted (everything that iterates SectionId skips them).
 * Off unless chosen: the setting's default lists none.
 */
export type HistorySectionId = 'recentlyPlayed';
export type ViewSectionId = SectionId | HistorySectionId;
export const HISTORY_SECTION_IDS: readonly HistorySectionId[] = ['recentlyPlayed'];
/** Every root the Library view can show, in the order Show/Hide Sections offers the hidden ones. */
export const VIEW_SECTION_IDS: readonly ViewSectionId[] = [...SECTION_IDS, ...HISTORY_SECTION_IDS];
export const RECENTLY_PLAYED_SCOPE = 'user-read-recently-played';

/** Recently Played, shown again, asks Spotify at most this often; Refresh asks whenever the user says. */
export const RECENTLY_PLAYED_REASK_MS = 60_000;

export function isHistorySection(id: ViewSectionId): id is HistorySectionId {
  return (HISTORY_SECTION_IDS as readonly string[]).includes(id);
}

export interface SectionInfo {
  readonly label: string;
  /** A codicon id. */
  readonly icon: string;
  readonly tooltip: string;
  /** What the section holds without Spotify's order ("Your Liked Songs"): its tooltip once sorted otherwise. */
  readonly contents: string;
  /** What the expanded root says when the list holds nothing (short: it must fit the sidebar). */
  readonly emptyLabel: string;
  /** Scopes without which the section cannot load at all. */
  readonly scopes: readonly string[];
  /** Scopes that add to it (resume points); asked for at sign-in while the section shows. */
  readonly extraScopes?: readonly string[];
  /** Its rows say more with resume points: the root offers Grant Access above them while the session lacks it. */
  readonly rowsShowResumePoints?: boolean;
}

export const RESUME_POINT_SCOPE = 'user-read-playback-position';

/** Words are read through getters, so they follow the translator activate() installs (see common/l10n.ts). */
export const SECTION_INFO: Readonly<Record<SectionId, SectionInfo>> = {
  liked: section(
    { label: () => l10n.t('Liked Songs'), tooltip: () => l10n.t('Your Liked Songs, newest first'), contents: () => l10n.t('Your Liked Songs'), emptyLabel: () => l10n.t('No liked songs yet') },
    { icon: 'heart', scopes: ['user-library-read'] },
  ),
  playlists: section(
    { label: () => l10n.t('Playlists'), tooltip: () => l10n.t('Playlists you own, collaborate on or follow'), contents: () => l10n.t('Playlists you own, collaborate on or follow'), emptyLabel: () => l10n.t('No playlists yet') },
    { icon: 'library', scopes: ['playlist-read-private', 'playlist-read-collaborative'] },
  ),
  albums: section(
    { label: () => l10n.t('Albums'), tooltip: () => l10n.t('Albums you saved, newest first'), contents: () => l10n.t('Albums you saved'), emptyLabel: () => l10n.t('No saved albums yet') },
    { icon: 'record', scopes: ['user-library-read'] },
  ),
  artists: section(
    { label: () => l10n.t('Artists'), tooltip: () => l10n.t('Artists you follow'), contents: () => l10n.t('Artists you follow'), emptyLabel: () => l10n.t('You follow no artists yet') },
    { icon: 'person', scopes: ['user-follow-read'] },
  ),
  shows: section(
    { label: () => l10n.t('Podcasts'), tooltip: () => l10n.t('Podcasts you saved, newest first'), contents: () => l10n.t('Podcasts you saved'), emptyLabel: () => l10n.t('No saved podcasts yet') },
    { icon: 'broadcast', scopes: ['user-library-read'], extraScopes: [RESUME_POINT_SCOPE] },
  ),
  episodes: section(
    { label: () => l10n.t('Your Episodes'), tooltip: () => l10n.t('Episodes you saved, newest first'), contents: () => l10n.t('Episodes you saved'), emptyLabel: () => l10n.t('No saved episodes yet') },
    { icon: 'bookmark', scopes: ['user-library-read'], extraScopes: [RESUME_POINT_SCOPE], rowsShowResumePoints: true },
  ),
};

export const HISTORY_SECTION_INFO: Readonly<Record<HistorySectionId, SectionInfo>> = {
  recentlyPlayed: section(
    { label: () => l10n.t('Recently Played'), tooltip: () => l10n.t('The last 50 songs you played on any device, newest first'), contents: () => l10n.t('The last 50 songs you played on any device'), emptyLabel: () => l10n.t('No songs played recently') },
    { icon: 'history', scopes: [RECENTLY_PLAYED_SCOPE] },
  ),
};

/** A root's words, icon and scopes, library section or not. */
export function sectionInfo(id: ViewSectionId): SectionInfo {
  return isHistorySection(id) ? HISTORY_SECTION_INFO[id] : SECTION_INFO[id];
}

type SectionWords = 'label' | 'tooltip' | 'contents' | 'emptyLabel';

function section(words: Readonly<Record<SectionWords, () => string>>, rest: Omit<SectionInfo, SectionWords>): SectionInfo {
  return {
    get label() {
      return words.label();
    },
    get tooltip() {
      return words.tooltip();
    },
    get contents() {
      return words.contents();
    },
    get emptyLabel() {
      return words.emptyLabel();
    },
    ...rest,
  };
}

/** What a user must let Spotify allow, in words, per scope (worded when read, as SECTION_INFO). */
export const SCOPE_WORDS: Readonly<Record<string, string>> = wordedWhenRead({
  'user-follow-read': () => l10n.t('see the artists you follow'),
  [RESUME_POINT_SCOPE]: () => l10n.t('see where you left off in episodes'),
  'user-library-read': () => l10n.t('see your saved songs, albums, podcasts and episodes'),
  'playlist-read-private': () => l10n.t('see your playlists'),
  'playlist-read-collaborative': () => l10n.t('see your collaborative playlists'),
  'user-read-playback-state': () => l10n.t('see your devices and what plays on them'),
  'user-modify-playback-state': () => l10n.t('play music on your devices'),
  'user-read-currently-playing': () => l10n.t('see what is playing now'),
  [RECENTLY_PLAYED_SCOPE]: () => l10n.t('see the songs you played recently'),
  'user-library-modify': () => l10n.t('save and remove songs, albums, podcasts and episodes'),
  'user-follow-modify': () => l10n.t('follow and unfollow artists'),
  'playlist-modify-private': () => l10n.t('change your private playlists'),
  'playlist-modify-public': () => l10n.t('change your public playlists'),
});

function wordedWhenRead(words: Record<string, () => string>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, word] of Object.entries(words)) Object.defineProperty(record, key, { get: word, enumerable: true });
  return record;
}

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
export function shownViewSections(setting: unknown): ViewSectionId[] {
  if (!Array.isArray(setting)) return [...SECTION_IDS];
  const shown: ViewSectionId[] = [];
  for (const value of setting) {
    if (VIEW_SECTION_IDS.includes(value as ViewSectionId) && !shown.includes(value as ViewSectionId)) shown.push(value as ViewSectionId);
  }
  return shown;
}

/** The library sections of the setting (no history roots): what the model loads, the index reads and a backup keeps. */
export function shownSections(setting: unknown): SectionId[] {
  return shownViewSections(setting).filter((id): id is SectionId => !isHistorySection(id));
}

/** Every scope the shown sections use: a new sign-in asks for these. */
export function scopesForSections(sections: readonly ViewSectionId[]): string[] {
  return [...new Set(sections.flatMap((id) => [...sectionInfo(id).scopes, ...(sectionInfo(id).extraScopes ?? [])]))].sort();
}
