// The fake's saved albums, followed artists, podcasts and Your Episodes seen from the extension host:
// their control routes, and reads of the Web API with a token that has the scopes a test names.
import { SECTION_FIXTURES, SECTION_NAMES, SECTION_POSITIONS, SECTION_SCOPES } from '../../fake-spotify/sectionFixtures';
import type { SectionCounts } from '../../fake-spotify/sections';
import type { TokenResponse } from '../../fake-spotify/tokens';
import { control, fakeApiUrl } from './fake';

export { SECTION_FIXTURES, SECTION_NAMES, SECTION_POSITIONS, SECTION_SCOPES };

/** Every read scope the sections need, plus the playlist ones. */
export const SECTIONS_READ_SCOPES = 'user-library-read user-follow-read user-read-playback-position playlist-read-private playlist-read-collaborative';

const total = (route: string, count: number) => control<{ total: number }>(route, { count });

export const fakeSections = {
  /** Counts now (what reset or the saves below made). */
  counts: () => control<SectionCounts>('/__fake/sections'),
  saveAlbums: (count: number) => total('/__fake/library/albums/save', count),
  removeAlbums: (count: number) => total('/__fake/library/albums/remove', count),
  follow: (count: number) => total('/__fake/library/artists/follow', count),
  unfollow: (count: number) => total('/__fake/library/artists/unfollow', count),
  saveShows: (count: number) => total('/__fake/library/shows/save', count),
  removeShows: (count: number) => total('/__fake/library/shows/remove', count),
  saveEpisodes: (count: number) => total('/__fake/library/episodes/save', count),
  removeEpisodes: (count: number) => total('/__fake/library/episodes/remove', count),
  /** New episodes at the top of a show; answers its episode count. */
  publish: (showId: string, count: number) => total(`/__fake/shows/${encodeURIComponent(showId)}/publish`, count),
};

const tokens = new Map<string, string>();

/** GET on the fake's Web API with a token of its own holding `scope` (it lands in the fake's log). */
export async function readFakeSections<T = Record<string, unknown>>(pathAndQuery: string, scope = SECTIONS_READ_SCOPES): Promise<T> {
  let token = tokens.get(scope);
  if (!token) tokens.set(scope, (token = (await control<TokenResponse>('/__fake/tokens/issue', { scope })).access_token));
  const response = await fetch(`${fakeApiUrl}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status === 401) {
    // Revoked by a reset, or expired: take a new token once.
    tokens.delete(scope);
    await response.body?.cancel();
    return readFakeSections<T>(pathAndQuery, scope);
  }
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
