// api.spotify.com/v1 single items: GET /tracks/{id}, /episodes/{id}, /artists/{id}, each in
// Spotify's full shape, for tracks, episodes and artists anywhere in the fake's library (Liked
// Songs, playlists, Your Episodes, the sections' artists, the tracks of saved albums and of the
// search-only album). Unknown ids: 404; malformed ids: 400.
// /albums/{id}, /shows/{id} (sectionsApi.ts) and /playlists/{id} (api.ts) are served elsewhere.
import type { IncomingMessage } from 'node:http';
import { isReply, market } from './api';
import { apiError, json, Reply } from './http';
import { type Json, type Library, renderTrack } from './library';
import { renderSectionArtist, renderSectionEpisode, renderShow, savedAlbumTrack } from './sections';
import type { FakeState } from './state';

const ITEM_PATH = /^\/v1\/(tracks|episodes|artists)\/([^/]+)\/?$/;
const BASE62_ID = /^[0-9A-Za-z]{22}$/;

/** The route template a request is counted under in stats.byRoute; undefined when not an item route. */
export function itemRoute(path: string): string | undefined {
  const m = ITEM_PATH.exec(path);
  return m ? `/v1/${m[1]}/{id}` : undefined;
}

interface ItemIndex {
  library: Library;
  /** Entries seen when the index was built: a like or an append builds it again. */
  size: number;
  items: Map<string, (marketCode: string | undefined) => Json>;
}

const indexes = new WeakMap<FakeState, ItemIndex>();

function librarySize(lib: Library): number {
  return lib.liked.length + lib.allPlaylists().reduce((sum, playlist) => sum + playlist.entries.length + playlist.version, 0);
}

/** Every track, episode and artist of the library by id, rendered on demand. */
function itemIndex(state: FakeState): ItemIndex {
  const lib = state.library;
  const existing = indexes.get(state);
  const size = librarySize(lib) + state.sections.savedEpisodes.length;
  if (existing && existing.library === lib && existing.size === size) return existing;
  const items = new Map<string, (marketCode: string | undefined) => Json>();
  const apiUrl = state.apiUrl;
  const add = (ref: Parameters<typeof renderTrack>[1]) => {
    const rendered = renderTrack(lib.seed, ref, { apiUrl });
    const id = typeof rendered?.id === 'string' ? rendered.id : undefined;
    if (!rendered || !id || items.has(`${String(rendered.type)}:${id}`)) return;
    items.set(`${String(rendered.type)}:${id}`, (m) => renderTrack(lib.seed, ref, { apiUrl, market: m })!);
    for (const artist of Array.isArray(rendered.artists) ? (rendered.artists as Json[]) : []) {
      const artistId = typeof artist.id === 'string' ? artist.id : undefined;
      if (artistId && !items.has(`artist:${artistId}`)) items.set(`artist:${artistId}`, () => ({ ...artist, genres: [], images: [] }));
    }
  };
  for (const entry of lib.liked) add(entry.ref);
  for (const playlist of lib.allPlaylists()) for (const entry of playlist.entries) add(entry.ref);
  for (const ref of lib.catalogOnly) add(ref);
  const sections = state.sections;
  for (const saved of sections.savedEpisodes) {
    const show = sections.showAt(saved.show);
    const render = (m: string | undefined) => renderSectionEpisode(lib.seed, show, saved.serial, { apiUrl, market: m, resumePoints: false }, renderShow(show, sections.episodeCount(show), { apiUrl, market: m, resumePoints: false }));
    const id = render(undefined).id as string;
    items.set(`episode:${id}`, render);
  }
  const index = { library: lib, size, items };
  indexes.set(state, index);
  return index;
}

/** Answers the item routes; undefined for any other path. */
export function handleItemsApi(state: FakeState, req: IncomingMessage, url: URL): Reply | undefined {
  const m = ITEM_PATH.exec(url.pathname);
  if (!m) return undefined;
  if (req.method !== 'GET' && req.method !== 'HEAD') return apiError(405, 'Method not allowed');
  const [, plural, id] = m;
  if (!BASE62_ID.test(id)) return apiError(400, 'Invalid base62 id');
  const marketCode = market(url);
  if (isReply(marketCode)) return marketCode;
  const kind = plural.slice(0, -1);
  if (kind === 'artist') {
    const sectionArtist = state.sections.artist(id);
    if (sectionArtist) return json(200, renderSectionArtist(sectionArtist, { apiUrl: state.apiUrl, market: marketCode, resumePoints: false }, true), true);
  }
  const render = itemIndex(state).items.get(`${kind}:${id}`);
  // A track of an album (saved, or found by search) is a catalog track like any other: Spotify serves it by id.
  const albumTrack = !render && kind === 'track' ? savedAlbumTrack(state.sections, id) : undefined;
  if (albumTrack) return json(200, albumTrack.render({ apiUrl: state.apiUrl, market: marketCode, resumePoints: false }), true);
  if (!render) return apiError(404, 'Resource not found');
  return json(200, render(marketCode), true);
}
