// Liked marks cost only what is shown (issue 20.3): the tree asks about each row as it builds the
// row's item; the model gathers those asks into requests of 40 on the background lane, one at a time,
// remembers every answer, and a failed request forgets only its own rows.
import * as assert from 'node:assert/strict';
import type { RequestLane } from '../../src/api/requestGate';
import { silentLogger } from '../../src/common/logger';
import { LibraryModel } from '../../src/library/libraryModel';
import { type TrackRecord, trackUri } from '../../src/library/records';
import { FIXTURE_PLAYLISTS } from '../fake-spotify/fixtures';
import { type FakeSpotify, startFakeSpotify } from '../fake-spotify/server';
import { apiStack, MemorySessionStore, signInToFake } from './support/fakeSession';

const CONTAINS = '/v1/me/library/contains';

describe('Liked marks against the fake Spotify: only the shown rows, remembered', function () {
  this.timeout(60_000);
  let fake: FakeSpotify;

  before(async () => {
    fake = await startFakeSpotify({ liked: 200, playlists: 2 });
  });
  after(() => fake.close());
  beforeEach(() => fake.state.reset());

  async function stack() {
    // A budget roomy enough that Load All's 100 pages leave the background lane room at once.
    const { api, client } = apiStack(fake.url, new MemorySessionStore(await signInToFake(fake.url)), { budget: { requests: 10_000, windowMs: 30_000 } });
    const model = new LibraryModel(api, () => 50, silentLogger);
    await model.playlists.ensureLoaded();
    return { model, client };
  }

  /** The big playlist's entries, every one loaded (Load All, or the index). */
  async function bigPlaylist(model: LibraryModel) {
    const entries = model.entriesOf(model.playlistById(FIXTURE_PLAYLISTS.big5000)!);
    await entries.loadAll();
    assert.equal(entries.items.length, 5000);
    return entries;
  }

  /** What the tree does for every row whose item it builds: ask about that row alone. */
  const showRows = (model: LibraryModel, rows: readonly TrackRecord[]) => Promise.all(rows.map((row) => model.learnLikedState([row])));

  const containsRequests = () => fake.state.log().filter((entry) => entry.path === CONTAINS);
  const askedUris = () => containsRequests().flatMap((entry) => entry.query.uris.split(','));
  const songsOf = (rows: readonly TrackRecord[]) => rows.filter((track) => track.kind === 'track' && track.id);

  it('5,000 entries loaded, 100 rows shown: ceil(100/40) requests about those 100 rows, not 125 about all', async () => {
    const { model } = await stack();
    const entries = await bigPlaylist(model);
    const shown = songsOf(entries.items).slice(0, 100);
    fake.state.clearLog();

    await showRows(model, shown);

    assert.equal(containsRequests().length, Math.ceil(shown.length / 40), 'requests to /me/library/contains');
    assert.ok(containsRequests().every((entry) => entry.query.uris.split(',').length <= 40), 'at most 40 a request');
    assert.deepEqual(askedUris().sort(), shown.map((track) => trackUri(track)!).sort(), 'only the shown rows, each once');
    for (const track of shown) assert.equal(model.isLiked(track.id), fake.state.library.isLiked(trackUri(track)!), `${track.name} as Spotify says`);
    const notShown = songsOf(entries.items).slice(100).find((track) => !shown.some((s) => s.id === track.id))!;
    assert.equal(model.isLiked(notShown.id), undefined, 'a row not shown is not asked about');

    fake.state.clearLog();
    await showRows(model, shown); // the next repaint
    assert.equal(containsRequests().length, 0, 'answers are remembered');
    model.dispose();
  });

  it('a failed request forgets only its own rows: the next ask requests just those', async () => {
    const { model } = await stack();
    const entries = await bigPlaylist(model);
    const shown = songsOf(entries.items).slice(0, 80);
    // The first contains request is answered, every later one fails (after the client's retries).
    fake.state.setFaults({ serverErrors: { status: 503, after: 1, pathPrefix: CONTAINS } });
    fake.state.clearLog();

    await model.learnLikedState(shown); // all 80 in one ask: two requests

    const answered = shown.filter((track) => model.isLiked(track.id) !== undefined);
    const failed = shown.filter((track) => model.isLiked(track.id) === undefined);
    assert.equal(answered.length, 40, 'the first request’s answers are kept');
    assert.equal(failed.length, 40);
    fake.state.setFaults({ serverErrors: null });
    fake.state.clearLog();

    await showRows(model, shown); // the next repaint

    assert.equal(containsRequests().length, 1, 'one request');
    assert.deepEqual(askedUris().sort(), failed.map((track) => trackUri(track)!).sort(), 'only the failed request’s rows');
    assert.ok(shown.every((track) => model.isLiked(track.id) === fake.state.library.isLiked(trackUri(track)!)));
    model.dispose();
  });

  it('rows asked one by one, as the tree builds them, go out gathered: 40 a request, on the background lane, one at a time', async () => {
    const { model, client } = await stack();
    const entries = await bigPlaylist(model);
    const lanes: RequestLane[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const acquire = client.gate.acquire.bind(client.gate);
    client.gate.acquire = async (signal?: AbortSignal, lane: RequestLane = 'interactive') => {
      const release = await acquire(signal, lane);
      lanes.push(lane);
      if (lane === 'background') mostInFlight = Math.max(mostInFlight, ++inFlight);
      return () => {
        if (lane === 'background') inFlight--;
        release();
      };
    };
    const shown = songsOf(entries.items).slice(0, 200);
    fake.state.clearLog();

    await showRows(model, shown);

    assert.equal(containsRequests().length, 5);
    assert.deepEqual(lanes, Array(5).fill('background'), 'every contains request on the background lane');
    assert.equal(mostInFlight, 1, 'one contains request in flight at a time');
    model.dispose();
  });

  it('Liked Songs’ own rows and a like the user made are known without asking', async () => {
    const { model } = await stack();
    await model.liked.ensureLoaded();
    const entries = await bigPlaylist(model);
    const song = songsOf(entries.items).find((track) => model.isLiked(track.id) === undefined)!;
    model.setLiked([song], true);
    fake.state.clearLog();

    await showRows(model, [...model.liked.items, song]);

    assert.equal(containsRequests().length, 0);
    assert.equal(model.isLiked(song.id), true);
    model.dispose();
  });
});
