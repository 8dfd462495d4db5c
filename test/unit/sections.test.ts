import * as assert from 'node:assert/strict';
import { CancelledError } from '../../src/api/errors';
import { scopesForSections, shownSections } from '../../src/common/sections';
import { readCachedLibrary } from '../../src/library/cachedLibrary';
import { CHILD_LISTS, SECTION_LISTS } from '../../src/library/listDescriptions';
import { normalizeAlbum, normalizeCursorPage, normalizeArtist, normalizeEpisode } from '../../src/library/normalize';
import { cursorPages, PagedList } from '../../src/library/pagedList';
import type { PageResult } from '../../src/library/records';
import { formatResume } from '../../src/views/format';

/** Followed artists as Spotify serves them: sorted ids, `after` = the last id of the page before. */
class CursorServer {
  ids: string[];
  requests: Array<string | undefined> = [];
  constructor(count: number) {
    this.ids = Array.from({ length: count }, (_, i) => `a${String(i).padStart(4, '0')}`);
  }
  fetch = async (after: string | undefined, offset: number, limit: number, signal: AbortSignal): Promise<PageResult<string>> => {
    this.requests.push(after);
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (signal.aborted) throw new CancelledError();
    const start = after === undefined ? 0 : this.ids.findIndex((id) => id > after);
    const items = start < 0 ? [] : this.ids.slice(start, start + limit);
    const more = start >= 0 && start + limit < this.ids.length;
    return { items, total: this.ids.length, offset, ...(more ? { after: items[items.length - 1] } : {}) };
  };
}

function cursorList(server: CursorServer, pageSize = 50): PagedList<string> {
  let list: PagedList<string> | undefined = undefined;
  const fetchPage = cursorPages(server.fetch, (offset) => (list && offset === list.nextOffset ? list.items[list.items.length - 1] : undefined));
  list = new PagedList(fetchPage, () => pageSize, () => undefined);
  return list;
}

describe('Cursor paging in the shared PagedList shape', () => {
  it('Load all walks the cursors one after another: every artist once, in order', async () => {
    const server = new CursorServer(300);
    const list = cursorList(server);
    await list.ensureLoaded();
    await list.loadAll();
    assert.deepEqual(list.items, server.ids);
    assert.equal(server.requests.length, 6);
    assert.equal(server.requests[0], undefined);
    assert.deepEqual(server.requests.slice(1), [49, 99, 149, 199, 249].map((i) => server.ids[i]));
  });

  it('after a restore (no cursors kept), Load more continues from the last cached entry', async () => {
    const server = new CursorServer(120);
    const list = cursorList(server);
    list.restore({ items: server.ids.slice(0, 50), total: 120 });
    await list.loadMore();
    assert.deepEqual(server.requests, [server.ids[49]]);
    assert.deepEqual(list.items, server.ids.slice(0, 100));
  });

  it('revalidates by the first page and total: one request when unchanged, a re-sync when not', async () => {
    const server = new CursorServer(120);
    const list = cursorList(server);
    await list.ensureLoaded();
    await list.loadMore();
    server.requests = [];
    await list.revalidate((id) => id, 'firstPage');
    assert.equal(server.requests.length, 1, 'unchanged: the first page only');
    assert.equal(list.items.length, 100);

    server.ids = ['a0000x', ...server.ids].sort(); // a follow lands inside the first page
    server.requests = [];
    await list.revalidate((id) => id, 'firstPage');
    assert.equal(server.requests.length, 2, 'changed: the loaded pages again, the first one not asked twice');
    assert.deepEqual(list.items, server.ids.slice(0, 100));
    assert.equal(list.total, 121);
  });
});

describe('Normalising the other sections', () => {
  it('a saved album keeps its inline first page of tracks with disc and number', () => {
    const album = normalizeAlbum({
      added_at: '2026-10-01T00:00:00Z',
      album: {
        id: 'abc',
        name: 'Album',
        artists: [{ name: 'A' }, { name: 'B' }],
        release_date: '1999-05-01',
        total_tracks: 2,
        tracks: { items: [{ id: 't1', name: 'One', type: 'track', disc_number: 1, track_number: 1 }, { id: 't2', name: 'Two', type: 'track', disc_number: 2, track_number: 1 }], total: 2, offset: 0 },
      },
    });
    assert.equal(album?.byline, 'A, B');
    assert.equal(album?.totalTracks, 2);
    assert.deepEqual(album?.firstTracks?.map((track) => [track.name, track.disc, track.number]), [['One', 1, 1], ['Two', 2, 1]]);
  });

  it('an episode keeps its release date and resume point; played wins over a position', () => {
    const partly = normalizeEpisode({ episode: { id: 'e1', name: 'E', type: 'episode', duration_ms: 3_000_000, release_date: '2026-01-02', resume_point: { fully_played: false, resume_position_ms: 754_000 } } });
    assert.equal(partly?.releaseDate, '2026-01-02');
    assert.equal(formatResume(partly?.durationMs, partly?.resumeMs, partly?.played), '38 min left');
    const played = normalizeEpisode({ id: 'e2', name: 'E', duration_ms: 1000, resume_point: { fully_played: true, resume_position_ms: 0 } });
    assert.equal(formatResume(played?.durationMs, played?.resumeMs, played?.played), 'played');
    const none = normalizeEpisode({ id: 'e3', name: 'E', duration_ms: 1000 });
    assert.equal(formatResume(none?.durationMs, none?.resumeMs, none?.played), undefined);
  });

  it('a cursor page says where the next starts; junk is no page', () => {
    const page = normalizeCursorPage({ artists: { items: [{ id: 'x1', name: 'X' }, null], total: 9, cursors: { after: 'x1' } } }, 'artists', 50, normalizeArtist);
    assert.deepEqual(page, { items: [{ id: 'x1', name: 'X' }], total: 9, offset: 50, after: 'x1' });
    assert.equal(normalizeCursorPage({ items: [] }, 'artists', 0, normalizeArtist), undefined);
  });
});

describe('Sections: the setting, the scopes and the cache', () => {
  it('reads the setting safely: known ids, each once, in the user’s order', () => {
    assert.deepEqual(shownSections(['albums', 'nope', 'liked', 'albums']), ['albums', 'liked']);
    assert.deepEqual(shownSections('liked'), ['liked', 'playlists', 'albums', 'artists', 'shows', 'episodes']);
  });

  it('a new sign-in asks for the scopes of the shown sections only', () => {
    assert.ok(!scopesForSections(['liked', 'playlists', 'albums']).includes('user-follow-read'));
    assert.ok(scopesForSections(['artists']).includes('user-follow-read'));
    assert.ok(scopesForSections(['episodes']).includes('user-read-playback-position'));
  });

  it('drops a cached section it cannot read, keeping the rest of the cache', () => {
    const raw = {
      version: 1,
      savedAt: 1,
      covers: true,
      liked: { items: [] },
      sections: { albums: { items: [{ id: 'a', name: 'A', byline: '' }] }, artists: { items: [{ nope: true }] } },
      children: { 'showEpisodes:s1': { items: [{ kind: 'episode', id: 'e', name: 'E', byline: '' }] }, 'unknown:x': { items: [] } },
    };
    const cached = readCachedLibrary(raw, (id) => SECTION_LISTS[id as keyof typeof SECTION_LISTS]?.isItem, (key) => (key.startsWith('showEpisodes:') ? CHILD_LISTS.showEpisodes.isItem : undefined));
    assert.ok(cached);
    assert.deepEqual(Object.keys(cached.sections ?? {}), ['albums']);
    assert.deepEqual(Object.keys(cached.children ?? {}), ['showEpisodes:s1']);
  });

  it('drops cached albums and podcasts saved before records kept covers (their cheap revalidation would never add them), nothing else', () => {
    const album = { id: 'a', name: 'A', byline: '' };
    const raw = {
      version: 1,
      savedAt: 1,
      liked: { items: [{ kind: 'track', id: 't', name: 'T', byline: '' }] },
      playlists: { items: [{ id: 'p', name: 'P', ownerName: 'o', collaborative: false }] },
      sections: { albums: { items: [album] }, shows: { items: [{ id: 's', name: 'S' }] }, artists: { items: [{ id: 'r', name: 'R' }] } },
      children: { 'artistAlbums:r': { items: [album] }, 'showEpisodes:s': { items: [{ kind: 'episode', id: 'e', name: 'E', byline: '' }] } },
    };
    const isSectionItem = (id: string) => SECTION_LISTS[id as keyof typeof SECTION_LISTS]?.isItem;
    const isChildItem = (key: string) => CHILD_LISTS[key.split(':')[0] as keyof typeof CHILD_LISTS]?.isItem;
    const old = readCachedLibrary(raw, isSectionItem, isChildItem);
    assert.ok(old);
    assert.deepEqual(Object.keys(old.sections ?? {}), ['artists']);
    assert.deepEqual(Object.keys(old.children ?? {}), ['showEpisodes:s']);
    assert.equal(old.liked?.items.length, 1, 'Liked Songs stay: the expensive part');
    assert.equal(old.playlists?.items.length, 1, 'playlists stay: they re-read their pages and get their covers');
    const current = readCachedLibrary({ ...raw, covers: true }, isSectionItem, isChildItem);
    assert.deepEqual(Object.keys(current?.sections ?? {}).sort(), ['albums', 'artists', 'shows']);
    assert.deepEqual(Object.keys(current?.children ?? {}).sort(), ['artistAlbums:r', 'showEpisodes:s']);
  });
});
