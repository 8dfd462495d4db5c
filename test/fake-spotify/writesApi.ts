// api.spotify.com/v1 writes, as Spotify answers them in 2026: PUT/DELETE /me/library and
// GET /me/library/contains (any kind by URI, at most 40; playlists = follow/unfollow),
// POST/DELETE/PUT /playlists/{id}/items (add, remove every occurrence, move or replace; at most
// 100, a new snapshot_id each time, 403 on playlists the user may not edit), PUT /playlists/{id}
// (details, owner only) and POST /me/playlists. Scopes are checked per endpoint and per kind; the
// old endpoints are gone.
import type { IncomingMessage } from 'node:http';
import { FAKE_USER } from './fixtures';
import { apiError, json, Reply } from './http';
import { moveProblem, playlistAccess, renderPlaylist, seededRandom, type PlaylistRecord, type TrackRef } from './library';
import { savedAlbumTrack } from './sections';
import type { FakeState } from './state';

const LIBRARY_PATHS = new Set(['/v1/me/library', '/v1/me/library/contains']);
const PLAYLIST_ITEMS_PATH = /^\/v1\/playlists\/([^/]+)\/items\/?$/;
const PLAYLIST_DETAILS_PATH = /^\/v1\/playlists\/([^/]+)\/?$/;
/** The per-kind endpoints the 2026 changes removed: 403 like other removed endpoints. */
const REMOVED_WRITES = new Set(['/v1/me/tracks', '/v1/me/albums', '/v1/me/shows', '/v1/me/episodes', '/v1/me/following']);
const URI = /^spotify:(track|album|artist|show|episode|playlist):([0-9A-Za-z]{22})$/;
export const MAX_LIBRARY_URIS = 40;
export const MAX_PLAYLIST_URIS = 100;

type Kind = 'track' | 'album' | 'artist' | 'show' | 'episode' | 'playlist';

/** The route template a request is counted under; undefined when not a write route. */
export function writeRoute(path: string, method: string): string | undefined {
  const trimmed = path.replace(/\/$/, '');
  if (LIBRARY_PATHS.has(trimmed)) return trimmed;
  if (method !== 'GET' && method !== 'HEAD' && PLAYLIST_ITEMS_PATH.test(path)) return '/v1/playlists/{id}/items';
  if (method === 'PUT' && PLAYLIST_DETAILS_PATH.test(path)) return '/v1/playlists/{id}';
  if (method === 'POST' && trimmed === '/v1/me/playlists') return trimmed;
  if ((method === 'PUT' || method === 'DELETE') && REMOVED_WRITES.has(trimmed)) return trimmed;
  if (method === 'GET' && /^\/v1\/me\/(tracks|albums|shows|episodes)\/contains$/.test(trimmed)) return trimmed;
  return undefined;
}

function hasScope(scope: string, needed: string): boolean {
  return scope.split(' ').includes(needed);
}

function insufficientScope(): Reply {
  return apiError(403, 'Insufficient client scope');
}

/** Scopes a write of this kind needs (Spotify: one of them for playlists, by the playlist's visibility). */
function modifyScopeFor(kind: Kind): string[] {
  if (kind === 'artist') return ['user-follow-modify'];
  if (kind === 'playlist') return ['playlist-modify-public', 'playlist-modify-private'];
  return ['user-library-modify'];
}

function readScopeFor(kind: Kind): string[] {
  if (kind === 'artist') return ['user-follow-read'];
  if (kind === 'playlist') return ['playlist-read-private'];
  return ['user-library-read'];
}

/** The JSON object of a request body; undefined when it is not one (Spotify: 400 "Error parsing JSON."). */
function parseJsonBody(body: string): Record<string, unknown> | undefined {
  if (!body.trim()) return {};
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isReply(value: unknown): value is Reply {
  return !Array.isArray(value);
}

interface ResolvedItem {
  kind: Kind;
  id: string;
  uri: string;
}

/** `uris` of the query, each a Spotify URI of a kind /me/library takes; a 400 otherwise. */
function libraryUris(url: URL): ResolvedItem[] | Reply {
  const text = url.searchParams.get('uris');
  if (text === null || text.trim() === '') return apiError(400, 'Missing required parameter: uris');
  const uris = text.split(',');
  if (uris.length > MAX_LIBRARY_URIS) return apiError(400, 'Too many ids requested');
  const items: ResolvedItem[] = [];
  for (const uri of uris) {
    const m = URI.exec(uri.trim());
    if (!m) return apiError(400, `Invalid URI: ${uri}`);
    items.push({ kind: m[1] as Kind, id: m[2], uri: uri.trim() });
  }
  return items;
}

/** Answers the write routes (and the removed per-kind ones); undefined for any other path. */
export function handleWritesApi(state: FakeState, req: IncomingMessage, url: URL, scope: string, body: string): Reply | undefined {
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/$/, '');
  const route = writeRoute(url.pathname, method);
  if (!route) return undefined;
  if (REMOVED_WRITES.has(route) || route.endsWith('/contains') && route !== '/v1/me/library/contains') return apiError(403, 'Forbidden');

  if (path === '/v1/me/library/contains') {
    if (method !== 'GET') return apiError(405, 'Method not allowed');
    const items = libraryUris(url);
    if (isReply(items)) return items;
    if (items.some((item) => !readScopeFor(item.kind).some((needed) => hasScope(scope, needed)))) return insufficientScope();
    return json(200, items.map((item) => isSaved(state, item)), true);
  }

  if (path === '/v1/me/library') {
    if (method !== 'PUT' && method !== 'DELETE') return apiError(405, 'Method not allowed');
    const items = libraryUris(url);
    if (isReply(items)) return items;
    if (items.some((item) => !modifyScopeFor(item.kind).some((needed) => hasScope(scope, needed)))) return insufficientScope();
    // All or nothing: an unknown id refuses the whole call, as Spotify does with a bad id.
    const resolved: Array<() => void> = [];
    for (const item of items) {
      const change = method === 'PUT' ? saveChange(state, item) : removeChange(state, item);
      if (!change) return apiError(400, `Invalid id: ${item.uri}`);
      resolved.push(change);
    }
    for (const change of resolved) change();
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '' };
  }

  if (path === '/v1/me/playlists') {
    const parsed = parseJsonBody(body);
    if (!parsed) return apiError(400, 'Error parsing JSON.');
    const isPublic = parsed.public !== false;
    if (!hasScope(scope, isPublic ? 'playlist-modify-public' : 'playlist-modify-private')) return insufficientScope();
    if (typeof parsed.name !== 'string' || parsed.name.trim() === '') return apiError(400, 'Missing required field: name');
    const collaborative = parsed.collaborative === true;
    if (collaborative && isPublic) return apiError(400, 'Collaborative playlists must be private');
    const lib = state.library;
    const created = lib.createPlaylist(
      { name: parsed.name, description: typeof parsed.description === 'string' ? parsed.description : '', public: isPublic, collaborative },
      seededRandom(lib.seed, 0xc4ea7e, lib.playlists.length, Date.now() % 1_000_000),
    );
    return json(201, renderPlaylist(lib, created, state.apiUrl, { legacyPlaylistShape: false, legacyTracksAlias: false }, true), true);
  }

  const details = PLAYLIST_DETAILS_PATH.exec(url.pathname);
  if (details) return changeDetails(state, decodeURIComponent(details[1]), scope, body);

  const m = PLAYLIST_ITEMS_PATH.exec(url.pathname);
  if (!m) return undefined;
  if (method !== 'POST' && method !== 'DELETE' && method !== 'PUT') return apiError(405, 'Method not allowed');
  const lib = state.library;
  const playlist = lib.playlist(decodeURIComponent(m[1]));
  if (!playlist || playlistAccess(playlist) === 'notFound') return apiError(404, 'Resource not found');
  if (!hasScope(scope, playlist.public ? 'playlist-modify-public' : 'playlist-modify-private')) return insufficientScope();
  if (!(playlist.ownerId === FAKE_USER.id || playlist.collaborative)) return apiError(403, 'You cannot add tracks to a playlist you don\'t own.');
  const parsed = parseJsonBody(body);
  if (!parsed) return apiError(400, 'Error parsing JSON.');

  if (method === 'POST') {
    const uris = parsed.uris;
    if (!Array.isArray(uris) || uris.length === 0 || !uris.every((uri) => typeof uri === 'string')) return apiError(400, 'Missing required field: uris');
    if (uris.length > MAX_PLAYLIST_URIS) return apiError(400, 'You can add a maximum of 100 tracks per request.');
    const position = parsed.position;
    if (position !== undefined && !(typeof position === 'number' && Number.isInteger(position) && position >= 0 && position <= playlist.entries.length)) return apiError(400, 'Index out of bounds');
    const refs: TrackRef[] = [];
    for (const uri of uris) {
      if (!/^spotify:(track|episode):[0-9A-Za-z]{22}$/.test(uri)) return apiError(400, `Invalid track uri: ${uri}`);
      const ref = trackRef(state, uri);
      if (ref === undefined) return apiError(400, `Invalid track uri: ${uri}`);
      refs.push(ref);
    }
    lib.insertEntries(playlist, refs, position);
    return json(201, { snapshot_id: lib.snapshotId(playlist) }, true);
  }

  if (method === 'PUT') return reorderOrReplace(state, playlist, parsed);

  // DELETE: `items: [{uri}]` (the parameter was `tracks` before 2026), every occurrence goes.
  if ('tracks' in parsed && !('items' in parsed)) return apiError(400, 'Missing required field: items');
  const items = parsed.items;
  if (!Array.isArray(items) || items.length === 0) return apiError(400, 'Missing required field: items');
  if (items.length > MAX_PLAYLIST_URIS) return apiError(400, 'You can remove a maximum of 100 tracks per request.');
  const uris = new Set<string>();
  for (const item of items as unknown[]) {
    const uri = typeof item === 'object' && item !== null ? (item as { uri?: unknown }).uri : undefined;
    if (typeof uri !== 'string' || !/^spotify:(track|episode|local):/.test(uri)) return apiError(400, 'Invalid track uri');
    uris.add(uri);
  }
  if (parsed.snapshot_id !== undefined && typeof parsed.snapshot_id !== 'string') return apiError(400, 'Invalid snapshot id');
  lib.removeEntries(playlist, uris);
  return json(200, { snapshot_id: lib.snapshotId(playlist) }, true);
}

/**
 * PUT .../items: a move `{range_start, insert_before, range_length?}` or, with `uris`, a replacement
 * of the whole playlist; not both. A `snapshot_id` that is not current is NOT refused: the write
 * applies to the current playlist, as Spotify does in practice (the fact sheet: a stale snapshot_id
 * is no reliable conflict check), so a client that trusts it to refuse gets caught by its tests.
 */
function reorderOrReplace(state: FakeState, playlist: PlaylistRecord, parsed: Record<string, unknown>): Reply {
  const lib = state.library;
  const moving = 'range_start' in parsed || 'insert_before' in parsed || 'range_length' in parsed;
  if (moving && 'uris' in parsed) return apiError(400, 'Cannot reorder and replace items in one request');
  if (parsed.snapshot_id !== undefined && typeof parsed.snapshot_id !== 'string') return apiError(400, 'Invalid snapshot id');
  if (!moving) {
    const uris = parsed.uris;
    if (!Array.isArray(uris) || !uris.every((uri) => typeof uri === 'string')) return apiError(400, 'Missing required field: uris');
    if (uris.length > MAX_PLAYLIST_URIS) return apiError(400, 'You can add a maximum of 100 tracks per request.');
    const refs: TrackRef[] = [];
    for (const uri of uris) {
      const ref = /^spotify:(track|episode):[0-9A-Za-z]{22}$/.test(uri) ? trackRef(state, uri) : undefined;
      if (ref === undefined) return apiError(400, `Invalid track uri: ${uri}`);
      refs.push(ref);
    }
    lib.replaceEntries(playlist, refs);
    return json(200, { snapshot_id: lib.snapshotId(playlist) }, true);
  }
  if (parsed.range_start === undefined) return apiError(400, 'Missing range_start parameter');
  if (parsed.insert_before === undefined) return apiError(400, 'Missing insert_before parameter');
  const rangeLength = parsed.range_length ?? 1;
  const numbers = [parsed.range_start, parsed.insert_before, rangeLength];
  if (!numbers.every((n) => typeof n === 'number')) return apiError(400, 'Given positions are out of bounds');
  const [rangeStart, insertBefore, length] = numbers;
  const problem = moveProblem(playlist.entries.length, rangeStart, insertBefore, length);
  if (problem) return apiError(400, problem);
  lib.moveEntries(playlist, rangeStart, insertBefore, length);
  return json(200, { snapshot_id: lib.snapshotId(playlist) }, true);
}

/** PUT /playlists/{id}: name, description, public, collaborative; the owner only; 200 with no body. */
function changeDetails(state: FakeState, id: string, scope: string, body: string): Reply {
  const playlist = state.library.playlist(id);
  if (!playlist || playlistAccess(playlist) === 'notFound') return apiError(404, 'Resource not found');
  const parsed = parseJsonBody(body);
  const visibilities = [playlist.public, ...(typeof parsed?.public === 'boolean' ? [parsed.public] : [])];
  if (!visibilities.every((isPublic) => hasScope(scope, isPublic ? 'playlist-modify-public' : 'playlist-modify-private'))) return insufficientScope();
  // Collaborators may edit the items, not the details.
  if (playlist.ownerId !== FAKE_USER.id) return apiError(403, 'You cannot change details of a playlist you don\'t own.');
  if (!parsed) return apiError(400, 'Error parsing JSON.');
  const { name, description } = parsed;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) return apiError(400, 'Playlist name must not be empty');
  if (description !== undefined && typeof description !== 'string') return apiError(400, 'Invalid description');
  for (const key of ['public', 'collaborative'] as const) if (parsed[key] !== undefined && typeof parsed[key] !== 'boolean') return apiError(400, `Invalid ${key}`);
  const isPublic = (parsed.public as boolean | undefined) ?? playlist.public;
  const collaborative = (parsed.collaborative as boolean | undefined) ?? playlist.collaborative;
  if (collaborative && isPublic) return apiError(400, 'Collaborative playlists must be private');
  state.library.updateDetails(playlist, {
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    public: isPublic,
    collaborative,
  });
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '' };
}

/** A track or episode a write names: one the library holds or held, else a track of a saved album. */
function trackRef(state: FakeState, uri: string): TrackRef | undefined {
  const known = state.library.refByUri(uri);
  if (known !== undefined) return known;
  const id = /^spotify:track:([0-9A-Za-z]{22})$/.exec(uri)?.[1];
  const external = id ? savedAlbumTrack(state.sections, id) : undefined;
  return external && { kind: 'external', uri: external.uri, render: (ctx) => external.render({ apiUrl: ctx.apiUrl, market: ctx.market }) };
}

function isSaved(state: FakeState, item: ResolvedItem): boolean {
  const sections = state.sections;
  switch (item.kind) {
    case 'track':
      return state.library.isLiked(item.uri);
    case 'album': {
      const album = sections.album(item.id);
      return !!album && sections.isAlbumSaved(album.index);
    }
    case 'artist': {
      const artist = sections.artist(item.id);
      return !!artist && sections.isFollowed(artist.index);
    }
    case 'show': {
      const show = sections.show(item.id);
      return !!show && sections.isShowSaved(show.index);
    }
    case 'episode': {
      const episode = sections.episodeById(item.id);
      return !!episode && sections.isEpisodeSaved(episode.show, episode.serial);
    }
    case 'playlist':
      return state.library.isFollowed(item.id);
  }
}

/** What a save of `item` does, or undefined when Spotify does not know it. */
function saveChange(state: FakeState, item: ResolvedItem): (() => void) | undefined {
  const sections = state.sections;
  switch (item.kind) {
    case 'track': {
      const ref = trackRef(state, item.uri);
      return ref === undefined ? undefined : () => state.library.likeRef(ref);
    }
    case 'album': {
      const album = sections.album(item.id);
      return album && (() => void sections.saveAlbum(album.index));
    }
    case 'artist': {
      const artist = sections.artist(item.id);
      return artist && (() => sections.followArtist(artist.index));
    }
    case 'show': {
      const show = sections.show(item.id);
      return show && (() => sections.saveShow(show.index));
    }
    case 'episode': {
      const episode = sections.episodeById(item.id);
      return episode && (() => sections.saveEpisode(episode.show, episode.serial));
    }
    case 'playlist':
      return state.library.playlist(item.id) ? () => state.library.follow(item.id) : undefined;
  }
}

function removeChange(state: FakeState, item: ResolvedItem): (() => void) | undefined {
  const sections = state.sections;
  switch (item.kind) {
    case 'track':
      return state.library.refByUri(item.uri) === undefined ? undefined : () => state.library.unlikeUri(item.uri);
    case 'album': {
      const album = sections.album(item.id);
      return album && (() => sections.removeAlbum(album.index));
    }
    case 'artist': {
      const artist = sections.artist(item.id);
      return artist && (() => sections.unfollowArtist(artist.index));
    }
    case 'show': {
      const show = sections.show(item.id);
      return show && (() => sections.removeShow(show.index));
    }
    case 'episode': {
      const episode = sections.episodeById(item.id);
      return episode && (() => sections.removeEpisode(episode.show, episode.serial));
    }
    case 'playlist':
      return state.library.playlist(item.id) ? () => state.library.unfollow(item.id) : undefined;
  }
}
