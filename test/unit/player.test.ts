// The player's pure parts: when the now-playing status bar reads the player (and what that costs
// per hour), what Play sends for each kind of row, and the player's answers made slim.
import * as assert from 'node:assert/strict';
import type { TrackRecord } from '../../src/library/records';
import { normalizeDevices, normalizeNowPlaying, playBody } from '../../src/player/playerApi';
import { type PlayableNode, MAX_PLAY_URIS, playPlanForLink, playPlanForNode, queueUriForNode } from '../../src/player/playPlan';
import { FOCUS_REREAD_AFTER_MS, MIN_POLL_MS, nextPollDelay, PAUSED_POLL_MS, PLAYING_POLL_MS, readsOnFocus, readsPerHour } from '../../src/player/pollSchedule';

const on = { enabled: true, permitted: true, focused: true } as const;

describe('player: the polling schedule', () => {
  it('makes no request at all with the setting off, without the permission, or in a window without focus', () => {
    for (const activity of ['unknown', 'playing', 'paused', 'idle'] as const) {
      assert.equal(nextPollDelay({ ...on, enabled: false, activity }), undefined, `setting off, ${activity}`);
      assert.equal(nextPollDelay({ ...on, permitted: false, activity }), undefined, `no permission, ${activity}`);
      assert.equal(nextPollDelay({ ...on, focused: false, activity }), undefined, `unfocused, ${activity}`);
    }
  });

  it('reads at once when nothing is known, every 15 s while playing, every 60 s while paused, never while nothing plays', () => {
    assert.equal(nextPollDelay({ ...on, activity: 'unknown' }), 0);
    assert.equal(nextPollDelay({ ...on, activity: 'playing' }), PLAYING_POLL_MS);
    assert.equal(nextPollDelay({ ...on, activity: 'playing', remainingMs: 200_000 }), PLAYING_POLL_MS);
    assert.equal(nextPollDelay({ ...on, activity: 'paused' }), PAUSED_POLL_MS);
    assert.equal(nextPollDelay({ ...on, activity: 'idle' }), undefined);
  });

  it('reads just after the song ends, so the next song shows, but never sooner than the minimum', () => {
    assert.equal(nextPollDelay({ ...on, activity: 'playing', remainingMs: 6_000 }), 7_500);
    assert.equal(nextPollDelay({ ...on, activity: 'playing', remainingMs: 0 }), MIN_POLL_MS);
  });

  it('a window gaining focus reads once, unless it read in the last seconds', () => {
    assert.equal(readsOnFocus(true, true, undefined, 1_000), true);
    assert.equal(readsOnFocus(true, true, 1_000, 1_000 + FOCUS_REREAD_AFTER_MS - 1), false);
    assert.equal(readsOnFocus(true, true, 1_000, 1_000 + FOCUS_REREAD_AFTER_MS), true);
    assert.equal(readsOnFocus(false, true, undefined, 1_000), false);
    assert.equal(readsOnFocus(true, false, undefined, 1_000), false);
  });

  it('costs 240-251 reads an hour while playing (one each 15 s, one more after a song that ends off the beat), 60 while paused, none while idle', () => {
    assert.equal(readsPerHour('playing', 210_000), 240, '3:30 songs end on a 15 s beat');
    assert.equal(readsPerHour('playing', 200_000), 251, '3:20 songs: 14 reads a song, the hour ends before the last');
    assert.equal(readsPerHour('paused'), 60);
    assert.equal(readsPerHour('idle'), 0);
  });
});

const track = (id: string, extra: Partial<TrackRecord> = {}): TrackRecord => ({ kind: 'track', id, name: `Song ${id}`, byline: 'Artist', ...extra });

function listNode(id: string, extra: Partial<PlayableNode>, items: TrackRecord[], parent?: PlayableNode): PlayableNode {
  return { id, parent, entries: { items }, ...extra };
}

describe('player: what Play sends', () => {
  const songs = [track('a'), track('b'), track('c')];

  it('a playlist entry plays the playlist from that entry; a song twice in it, from that position', () => {
    const playlist = listNode('playlists/p1', { playlist: { id: 'P1' } }, songs);
    assert.deepEqual(playPlanForNode({ id: 'x', parent: playlist, track: songs[1] }, 'me'), { request: { contextUri: 'spotify:playlist:P1', offset: { uri: 'spotify:track:b' } } });
    const twice = [track('a'), track('b'), track('a')];
    const withDuplicate = listNode('playlists/p2', { playlist: { id: 'P2' } }, twice);
    assert.deepEqual(playPlanForNode({ id: 'y', parent: withDuplicate, track: twice[2] }, 'me'), { request: { contextUri: 'spotify:playlist:P2', offset: { position: 2 } } });
  });

  it('an album track plays the album from it; an episode its show; a liked song the collection, with the song and those after it as the fallback', () => {
    const album = listNode('albums/x', { album: { id: 'AL' } }, songs);
    assert.deepEqual(playPlanForNode({ id: 't', parent: album, track: songs[0] }, 'me'), { request: { contextUri: 'spotify:album:AL', offset: { uri: 'spotify:track:a' } } });
    const episode = track('e', { kind: 'episode' });
    const show = listNode('shows/s', { show: { id: 'SH' } }, [episode]);
    assert.deepEqual(playPlanForNode({ id: 'e', parent: show, track: episode }, 'me'), { request: { contextUri: 'spotify:show:SH', offset: { uri: 'spotify:episode:e' } } });
    const liked = listNode('liked', {}, [track('l1'), track('l2', { kind: 'local', id: undefined, uriOverride: 'spotify:local:x' }), track('l3')]);
    assert.deepEqual(playPlanForNode({ id: 'l', parent: liked, track: liked.entries!.items[0] as TrackRecord }, 'me'), {
      request: { contextUri: 'spotify:user:me:collection', offset: { uri: 'spotify:track:l1' } },
      fallback: { uris: ['spotify:track:l1', 'spotify:track:l3'] },
    });
  });

  it('lists play from their start; Liked Songs itself falls back to at most 100 loaded songs', () => {
    assert.deepEqual(playPlanForNode(listNode('playlists/p', { playlist: { id: 'P' } }, songs), 'me'), { request: { contextUri: 'spotify:playlist:P' } });
    assert.deepEqual(playPlanForNode(listNode('albums/a', { album: { id: 'A' } }, songs), 'me'), { request: { contextUri: 'spotify:album:A' } });
    const many = Array.from({ length: 150 }, (_, n) => track(`s${n}`));
    const plan = playPlanForNode(listNode('liked', {}, many), 'me');
    assert.ok('request' in plan);
    assert.deepEqual(plan.request, { contextUri: 'spotify:user:me:collection' });
    assert.equal(plan.fallback && 'uris' in plan.fallback ? plan.fallback.uris.length : 0, MAX_PLAY_URIS);
  });

  it('local files, removed and unavailable songs say why instead of sending anything', () => {
    const playlist = listNode('playlists/p', { playlist: { id: 'P' } }, []);
    assert.deepEqual(playPlanForNode({ id: '1', parent: playlist, track: track('l', { kind: 'local', id: undefined, uriOverride: 'spotify:local:a:b:c:1' }) }, 'me'), { refusal: 'localFile' });
    assert.deepEqual(playPlanForNode({ id: '2', parent: playlist, track: track('r', { kind: 'removed', id: undefined }) }, 'me'), { refusal: 'removed' });
    assert.deepEqual(playPlanForNode({ id: '3', parent: playlist, track: track('u', { playable: false }) }, 'me'), { refusal: 'unavailable' });
    assert.deepEqual(queueUriForNode({ id: '4', parent: playlist, track: track('q') }), { uri: 'spotify:track:q' });
    assert.deepEqual(queueUriForNode({ id: '5', parent: playlist, track: track('r', { kind: 'removed', id: undefined }) }), { refusal: 'removed' });
  });

  it('a link from an editor hover: a song plays by its uri, a playlist or album as a context', () => {
    assert.deepEqual(playPlanForLink({ kind: 'track', id: 'T', uri: 'spotify:track:T' }), { request: { uris: ['spotify:track:T'] } });
    assert.deepEqual(playPlanForLink({ kind: 'album', id: 'A', uri: 'spotify:album:A' }), { request: { contextUri: 'spotify:album:A' } });
    assert.deepEqual(playBody({ contextUri: 'spotify:album:A', offset: { position: 3 } }), { context_uri: 'spotify:album:A', offset: { position: 3 } });
  });
});

describe('player: answers made slim', () => {
  it('reads what plays, with untrusted names kept as data; 204 (undefined) is idle', () => {
    assert.deepEqual(normalizeNowPlaying(undefined), { activity: 'idle' });
    const playing = normalizeNowPlaying({
      is_playing: true,
      progress_ms: 1000,
      device: { name: 'Desk' },
      context: { uri: 'spotify:playlist:P' },
      item: { type: 'track', uri: 'spotify:track:T', name: '**bold** <b>', duration_ms: 200_000, artists: [{ name: 'A' }, { name: 'B' }] },
    });
    assert.deepEqual(playing, {
      activity: 'playing',
      progressMs: 1000,
      deviceName: 'Desk',
      contextUri: 'spotify:playlist:P',
      item: { uri: 'spotify:track:T', kind: 'track', name: '**bold** <b>', byline: 'A, B', durationMs: 200_000 },
      // Not in this answer: unknown (the controls' own tests read them).
      shuffle: undefined,
      repeat: undefined,
      volumePercent: undefined,
      supportsVolume: undefined,
      disallows: new Set(),
    });
    assert.equal(normalizeNowPlaying({ is_playing: false, item: { type: 'episode', uri: 'spotify:episode:E', name: 'Ep', show: { name: 'Show' } } }).item?.byline, 'Show');
    assert.deepEqual(normalizeDevices({ devices: [{ id: null, name: 'Restricted', type: 'Speaker', is_active: false, is_restricted: true }] }), [{ id: undefined, name: 'Restricted', type: 'Speaker', active: false, restricted: true }]);
  });

  it('a playing local file is a `local` item, so it is offered no library actions (no Like)', () => {
    const local = normalizeNowPlaying({ is_playing: true, currently_playing_type: 'track', item: { type: 'track', is_local: true, id: null, uri: 'spotify:local:Me:Tape:Demo:215', name: 'Demo', artists: [{ name: 'Me' }], duration_ms: 215000 } });
    assert.equal(local.activity, 'playing');
    assert.equal(local.item?.kind, 'local');
    assert.equal(local.item?.name, 'Demo');
    assert.equal(local.item?.byline, 'Me');
  });

  it('an answer with `item: null` is idle, even when it says it is playing: no playing-rate polling', () => {
    const nothing = normalizeNowPlaying({ is_playing: true, currently_playing_type: 'unknown', item: null, progress_ms: 0, device: { name: 'Phone' } });
    assert.equal(nothing.activity, 'idle');
    assert.equal(nothing.item, undefined);
    assert.equal(nextPollDelay({ ...on, activity: nothing.activity }), undefined);
    assert.equal(normalizeNowPlaying({ is_playing: false, item: null }).activity, 'idle', 'not paused');
  });
});
