// /__fake/* for the rest of Your Library: what is saved and followed, and changes to it (so a test
// can make "three new saves" and count what revalidation costs).
import { json, Reply } from './http';
import { SECTION_FIXTURES, SECTION_NAMES, SECTION_POSITIONS, SECTION_SCOPES } from './sectionFixtures';
import type { FakeState } from './state';

export const SECTION_CONTROL_ENDPOINTS = [
  'GET  /__fake/sections         (counts, fixture ids and positions, scopes)',
  'POST /__fake/library/albums/save | albums/remove      {count}',
  'POST /__fake/library/artists/follow | artists/unfollow {count}',
  'POST /__fake/library/shows/save | shows/remove        {count}',
  'POST /__fake/library/episodes/save | episodes/remove  {count}',
  'POST /__fake/shows/{id}/publish {count}',
];

function count(body: Record<string, unknown>): number {
  const n = body.count ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error('count must be a non-negative integer');
  return n;
}

/** Answers the section control routes (`route` is "METHOD /path"); undefined for any other. Throws on a bad body. */
export function handleSectionControl(state: FakeState, route: string, body: Record<string, unknown>): Reply | undefined {
  const s = state.sections;
  switch (route) {
    case 'GET /__fake/sections':
      return json(200, { ...s.counts(), fixtures: SECTION_FIXTURES, positions: SECTION_POSITIONS, names: SECTION_NAMES, scopes: SECTION_SCOPES });
    case 'POST /__fake/library/albums/save':
      return json(200, { total: s.saveAlbums(count(body)) });
    case 'POST /__fake/library/albums/remove':
      return json(200, { total: s.removeAlbums(count(body)) });
    case 'POST /__fake/library/artists/follow':
      return json(200, { total: s.follow(count(body)) });
    case 'POST /__fake/library/artists/unfollow':
      return json(200, { total: s.unfollow(count(body)) });
    case 'POST /__fake/library/shows/save':
      return json(200, { total: s.saveShows(count(body)) });
    case 'POST /__fake/library/shows/remove':
      return json(200, { total: s.removeShows(count(body)) });
    case 'POST /__fake/library/episodes/save':
      return json(200, { total: s.saveEpisodes(count(body)) });
    case 'POST /__fake/library/episodes/remove':
      return json(200, { total: s.removeEpisodes(count(body)) });
  }
  const publish = /^POST \/__fake\/shows\/([^/]+)\/publish$/.exec(route);
  if (publish) {
    const show = s.show(decodeURIComponent(publish[1]));
    return show ? json(200, { total: s.publish(show, count(body)) }) : json(404, { error: 'unknown show' });
  }
  return undefined;
}
