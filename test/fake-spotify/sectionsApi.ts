// api.spotify.com/v1 for the rest of Your Library: saved albums (with a first page of tracks), album
// tracks, followed artists (cursor paging), artist albums, saved shows, show episodes, Your Episodes.
// Scopes are checked per endpoint; fields dev mode removed are absent.
import type { IncomingMessage } from 'node:http';
import { isReply, market, pageObject, paging } from './api';
import { apiError, json, Reply } from './http';
import { isoSeconds, Json } from './library';
import { SECTION_FIXTURES, SECTION_SCOPES } from './sectionFixtures';
import { AlbumFacts, renderAlbumTracks, renderFullAlbum, renderSectionArtist, renderSectionEpisode, renderShow, renderSimplifiedAlbum, SectionRenderContext, ShowFacts } from './sections';
import type { FakeState } from './state';

const ALBUM_PATH = /^\/v1\/albums\/([^/]+)(\/tracks)?\/?$/;
const ARTIST_PATH = /^\/v1\/artists\/([^/]+)\/(albums|top-tracks)\/?$/;
const SHOW_PATH = /^\/v1\/shows\/([^/]+)(\/episodes)?\/?$/;
const ME_PATHS = new Set(['/v1/me/albums', '/v1/me/following', '/v1/me/shows', '/v1/me/episodes']);
/** Several-at-once forms dev mode removed (`/albums?ids=`, `/shows?ids=`): 403 like other removed endpoints. */
const REMOVED_PATHS = new Set(['/v1/albums', '/v1/shows']);
const BASE62_ID = /^[0-9A-Za-z]{22}$/;
const INCLUDE_GROUPS = new Set(['album', 'single', 'appears_on', 'compilation']);
/** Saved albums and /albums/{id} carry this many tracks inline. */
const INLINE_TRACKS = 50;

/** The route template a request is counted under in stats.byRoute; undefined when not a section route. */
export function sectionRoute(path: string): string | undefined {
  const trimmed = path.replace(/\/$/, '');
  if (ME_PATHS.has(trimmed) || REMOVED_PATHS.has(trimmed)) return trimmed;
  let m = ALBUM_PATH.exec(path);
  if (m) return `/v1/albums/{id}${m[2] ?? ''}`;
  m = ARTIST_PATH.exec(path);
  if (m) return `/v1/artists/{id}/${m[2]}`;
  m = SHOW_PATH.exec(path);
  if (m) return `/v1/shows/{id}${m[2] ?? ''}`;
  return undefined;
}

function hasScope(scope: string, needed: string): boolean {
  return scope.split(' ').includes(needed);
}

function insufficientScope(): Reply {
  return apiError(403, 'Insufficient client scope');
}

/** Answers the section routes; undefined for any other path (the caller's handleApi takes it). */
export function handleSectionsApi(state: FakeState, req: IncomingMessage, url: URL, scope: string): Reply | undefined {
  const path = url.pathname;
  const route = sectionRoute(path);
  if (!route) return undefined;
  if (req.method !== 'GET' && req.method !== 'HEAD') return apiError(405, 'Method not allowed');
  if (REMOVED_PATHS.has(route) || route === '/v1/artists/{id}/top-tracks') return apiError(403, 'Forbidden');

  const m = market(url);
  if (isReply(m)) return m;
  const ctx: SectionRenderContext = { apiUrl: state.apiUrl, market: m, resumePoints: hasScope(scope, SECTION_SCOPES.resumePoints) };
  const sections = state.sections;
  const seed = sections.seed;

  /** The first page of an album's tracks, as /albums/{id}/tracks would serve it. */
  const inlineTracks = (album: AlbumFacts): Json => {
    const tracksUrl = new URL(`${state.apiUrl}/albums/${album.id}/tracks`);
    if (m) tracksUrl.searchParams.set('market', m);
    return pageObject(state, tracksUrl, 0, INLINE_TRACKS, album.total, renderAlbumTracks(seed, album, 0, INLINE_TRACKS, ctx));
  };
  const showEpisodes = (show: ShowFacts, pageUrl: URL, offset: number, limit: number): Json => {
    const total = sections.episodeCount(show);
    const items: Json[] = [];
    // Newest first: offset 0 is the highest serial.
    for (let k = offset; k < Math.min(total, offset + limit); k++) items.push(renderSectionEpisode(seed, show, total - 1 - k, ctx));
    return pageObject(state, pageUrl, offset, limit, total, items);
  };

  if (route === '/v1/me/albums') {
    if (!hasScope(scope, SECTION_SCOPES.savedAlbums)) return insufficientScope();
    const page = paging(url, 50);
    if (isReply(page)) return page;
    const items = sections.savedAlbums.slice(page.offset, page.offset + page.limit).map((saved) => {
      const album = sections.albumAt(saved.index);
      return { added_at: isoSeconds(saved.addedAt), album: renderFullAlbum(seed, album, inlineTracks(album), ctx) };
    });
    return json(200, pageObject(state, url, page.offset, page.limit, sections.savedAlbums.length, items), true);
  }

  if (route === '/v1/me/following') {
    if (!hasScope(scope, SECTION_SCOPES.followedArtists)) return insufficientScope();
    const type = url.searchParams.get('type');
    if (type === null) return apiError(400, 'Missing required parameter: type');
    if (type !== 'artist') return apiError(400, "Only valid type is 'artist'");
    const page = paging(url, 50);
    if (isReply(page)) return page;
    const after = url.searchParams.get('after');
    const followed = sections.followed();
    let start = 0;
    if (after !== null) while (start < followed.length && followed[start].id <= after) start++;
    const slice = followed.slice(start, start + page.limit);
    const more = start + page.limit < followed.length;
    const last = slice.length ? slice[slice.length - 1].id : null;
    const link = (afterId: string | null): string => {
      const q = new URLSearchParams({ type: 'artist' });
      if (afterId) q.set('after', afterId);
      q.set('limit', String(page.limit));
      return `${state.apiUrl}/me/following?${q}`;
    };
    return json(200, {
      artists: {
        items: slice.map((a) => renderSectionArtist(sections.artistAt(a.index), ctx, true)),
        next: more ? link(last) : null,
        total: followed.length,
        cursors: { after: more ? last : null },
        limit: page.limit,
        href: link(after),
      },
    }, true);
  }

  if (route === '/v1/me/shows') {
    if (!hasScope(scope, SECTION_SCOPES.savedShows)) return insufficientScope();
    const page = paging(url, 50);
    if (isReply(page)) return page;
    const items = sections.savedShows.slice(page.offset, page.offset + page.limit).map((saved) => {
      const show = sections.showAt(saved.index);
      return { added_at: isoSeconds(saved.addedAt), show: renderShow(show, sections.episodeCount(show), ctx) };
    });
    return json(200, pageObject(state, url, page.offset, page.limit, sections.savedShows.length, items), true);
  }

  if (route === '/v1/me/episodes') {
    if (!hasScope(scope, SECTION_SCOPES.savedEpisodes)) return insufficientScope();
    const page = paging(url, 50);
    if (isReply(page)) return page;
    const items = sections.savedEpisodes.slice(page.offset, page.offset + page.limit).map((saved) => {
      const show = sections.showAt(saved.show);
      const episode = renderSectionEpisode(seed, show, saved.serial, ctx, renderShow(show, sections.episodeCount(show), ctx));
      return { added_at: isoSeconds(saved.addedAt), episode };
    });
    return json(200, pageObject(state, url, page.offset, page.limit, sections.savedEpisodes.length, items), true);
  }

  // /albums/{id}, /albums/{id}/tracks, /artists/{id}/albums, /shows/{id}, /shows/{id}/episodes: no scope needed.
  const id = (ALBUM_PATH.exec(path) ?? ARTIST_PATH.exec(path) ?? SHOW_PATH.exec(path))![1];
  if (!BASE62_ID.test(id)) return apiError(400, 'Invalid base62 id');

  if (route === '/v1/albums/{id}' || route === '/v1/albums/{id}/tracks') {
    const album = sections.album(id);
    if (!album) return apiError(404, 'Resource not found');
    if (route === '/v1/albums/{id}') return json(200, renderFullAlbum(seed, album, inlineTracks(album), ctx), true);
    const page = paging(url, 50);
    if (isReply(page)) return page;
    return json(200, pageObject(state, url, page.offset, page.limit, album.total, renderAlbumTracks(seed, album, page.offset, page.limit, ctx)), true);
  }

  if (route === '/v1/artists/{id}/albums') {
    const artist = sections.artist(id);
    if (!artist) return apiError(404, 'Resource not found');
    const groupsText = url.searchParams.get('include_groups');
    const groups = groupsText === null ? undefined : groupsText.split(',').map((g) => g.trim()).filter(Boolean);
    if (groups && (groups.length === 0 || groups.some((g) => !INCLUDE_GROUPS.has(g)))) return apiError(400, 'Invalid include_groups');
    const page = paging(url, 50);
    if (isReply(page)) return page;
    if (artist.id === SECTION_FIXTURES.refusingArtist) return apiError(403, 'Forbidden');
    // Only the artist's own releases are modelled: appears_on is always empty.
    const albums = sections.discography(artist.index).filter((a) => !groups || groups.includes(a.type));
    const items = albums.slice(page.offset, page.offset + page.limit).map((a) => renderSimplifiedAlbum(seed, a, ctx));
    return json(200, pageObject(state, url, page.offset, page.limit, albums.length, items), true);
  }

  const show = sections.show(id);
  if (!show) return apiError(404, 'Resource not found');
  if (route === '/v1/shows/{id}') {
    const episodesUrl = new URL(`${state.apiUrl}/shows/${show.id}/episodes`);
    if (m) episodesUrl.searchParams.set('market', m);
    return json(200, { ...renderShow(show, sections.episodeCount(show), ctx), episodes: showEpisodes(show, episodesUrl, 0, INLINE_TRACKS) }, true);
  }
  const page = paging(url, 50);
  if (isReply(page)) return page;
  return json(200, showEpisodes(show, url, page.offset, page.limit), true);
}
