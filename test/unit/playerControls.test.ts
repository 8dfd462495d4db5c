// The keyboard's player controls, their pure parts: the player's new answers made slim (state,
// queue, recently played), the repeat cycle, volume and seek arithmetic, what `actions.disallows`
// forbids, and the serial queue that sends each press in order and stops at the first failure.
import * as assert from 'node:assert/strict';
import { ForbiddenError, RateLimitedError, ServerError } from '../../src/api/errors';
import { SpotifyClient } from '../../src/api/spotifyClient';
import { silentLogger } from '../../src/common/logger';
import { type NowPlaying, normalizeNowPlaying, normalizeQueue, normalizeRecentlyPlayed, PlayerApi } from '../../src/player/playerApi';
import { clampVolume, ControlQueue, disallowedAction, estimatedProgressMs, nextRepeatMode, seekTarget } from '../../src/player/playerControls';

const song = { type: 'track', uri: 'spotify:track:T1', name: 'Song <b>', duration_ms: 200_000, artists: [{ name: 'A' }, { name: 'B' }] };
const episode = { type: 'episode', uri: 'spotify:episode:E1', name: 'Episode', duration_ms: 1_800_000, show: { name: 'Show' } };

describe('player controls: the state Spotify reports', () => {
  it('reads shuffle, repeat, the volume and whether the device allows changing it, and what cannot be done now', () => {
    const state = normalizeNowPlaying({
      is_playing: true,
      progress_ms: 5_000,
      shuffle_state: true,
      repeat_state: 'context',
      device: { name: 'Kitchen Speaker', volume_percent: 35, supports_volume: false },
      actions: { disallows: { pausing: false, skipping_prev: true, toggling_shuffle: true, unknown_future_action: true } },
      item: song,
    });
    assert.equal(state.shuffle, true);
    assert.equal(state.repeat, 'context');
    assert.equal(state.volumePercent, 35);
    assert.equal(state.supportsVolume, false);
    assert.deepEqual([...(state.disallows ?? [])].sort(), ['skipping_prev', 'toggling_shuffle'], 'only `true` disallows, only names it knows');
    assert.equal(state.deviceName, 'Kitchen Speaker');
  });

  it('leaves out what the answer does not say: no actions is nothing disallowed, an unknown repeat is unknown', () => {
    const state = normalizeNowPlaying({ is_playing: false, repeat_state: 'sometimes', device: { name: 'Desk', volume_percent: null }, item: song });
    assert.equal(state.activity, 'paused');
    assert.equal(state.shuffle, undefined);
    assert.equal(state.repeat, undefined);
    assert.equal(state.volumePercent, undefined);
    assert.equal(state.supportsVolume, undefined);
    assert.deepEqual([...(state.disallows ?? [])], []);
  });

  it('keeps the rules it had: `item: null` is idle whatever else it says', () => {
    assert.deepEqual(normalizeNowPlaying({ is_playing: true, item: null, shuffle_state: true, device: { name: 'Phone', volume_percent: 50 } }), { activity: 'idle' });
    assert.deepEqual(normalizeNowPlaying(undefined), { activity: 'idle' });
  });
});

describe('player controls: the queue and recently played, made slim', () => {
  it('lists what plays and what comes next, songs and episodes; unreadable entries are left out', () => {
    const queue = normalizeQueue({ currently_playing: song, queue: [episode, null, { type: 'track', uri: 'spotify:local:Me:Tape:Demo:215', is_local: true, name: 'Demo', artists: [{ name: 'Me' }] }, { type: 'ad' }] });
    assert.deepEqual(queue, {
      currentlyPlaying: { uri: 'spotify:track:T1', kind: 'track', name: 'Song <b>', byline: 'A, B', durationMs: 200_000 },
      upNext: [
        { uri: 'spotify:episode:E1', kind: 'episode', name: 'Episode', byline: 'Show', durationMs: 1_800_000 },
        { uri: 'spotify:local:Me:Tape:Demo:215', kind: 'local', name: 'Demo', byline: 'Me', durationMs: undefined },
      ],
    });
    assert.deepEqual(normalizeQueue({ currently_playing: null, queue: [] }), { upNext: [] });
    assert.deepEqual(normalizeQueue(undefined), { upNext: [] });
  });

  it('lists recent plays with when (Unix ms) and from what list, and the `after` cursor as a number', () => {
    const recent = normalizeRecentlyPlayed({
      items: [
        { track: song, played_at: '2026-11-02T08:15:30.123Z', context: { type: 'playlist', uri: 'spotify:playlist:P1' } },
        { track: { ...song, uri: 'spotify:track:T2', name: 'Two' }, played_at: '2026-11-02T08:10:00Z', context: null },
        { track: song, played_at: 'not a date' },
        { track: null, played_at: '2026-11-02T08:00:00Z' },
      ],
      cursors: { after: '1793607330123', before: '1793607000000' },
      next: 'https://api.spotify.com/v1/me/player/recently-played?before=1793607000000',
    });
    assert.deepEqual(recent.plays, [
      { uri: 'spotify:track:T1', kind: 'track', name: 'Song <b>', byline: 'A, B', durationMs: 200_000, playedAt: Date.parse('2026-11-02T08:15:30.123Z'), contextUri: 'spotify:playlist:P1' },
      { uri: 'spotify:track:T2', kind: 'track', name: 'Two', byline: 'A, B', durationMs: 200_000, playedAt: Date.parse('2026-11-02T08:10:00Z'), contextUri: undefined },
    ]);
    assert.equal(recent.after, 1793607330123);
    assert.deepEqual(normalizeRecentlyPlayed({ items: [], cursors: null }), { plays: [], after: undefined });
  });
});

describe('player controls: repeat, volume and seek', () => {
  it('cycles repeat off -> list -> song -> off, as Spotify’s button does; unknown starts from off', () => {
    assert.equal(nextRepeatMode('off'), 'context');
    assert.equal(nextRepeatMode('context'), 'track');
    assert.equal(nextRepeatMode('track'), 'off');
    assert.equal(nextRepeatMode(undefined), 'context');
  });

  it('keeps the volume a whole number from 0 to 100', () => {
    assert.equal(clampVolume(95 + 10), 100);
    assert.equal(clampVolume(5 - 10), 0);
    assert.equal(clampVolume(33.4 + 10), 43);
    assert.equal(clampVolume(Number.NaN), 0);
  });

  it('estimates where the song is: the read’s position plus the time since while playing, not while paused, never past the end', () => {
    const playing: NowPlaying = { activity: 'playing', progressMs: 10_000, item: { uri: 'spotify:track:T', kind: 'track', name: 'T', byline: '', durationMs: 60_000 } };
    assert.equal(estimatedProgressMs(playing, 1_000, 4_000), 13_000);
    assert.equal(estimatedProgressMs({ ...playing, activity: 'paused' }, 1_000, 4_000), 10_000);
    assert.equal(estimatedProgressMs(playing, 1_000, 1_000_000), 60_000);
    assert.equal(estimatedProgressMs({ activity: 'idle' }, 1_000, 4_000), undefined);
  });

  it('seeks 15 s within the song: not before 0, not onto its end (that would skip it)', () => {
    assert.equal(seekTarget(20_000, 15_000, 200_000), 35_000);
    assert.equal(seekTarget(10_000, -15_000, 200_000), 0);
    assert.equal(seekTarget(195_000, 15_000, 200_000), 199_000);
    assert.equal(seekTarget(10_000, 15_000, undefined), 25_000);
  });
});

describe('player controls: what `actions.disallows` forbids', () => {
  const state = (disallows: string[], extra: Partial<NowPlaying> = {}): NowPlaying => ({ activity: 'playing', disallows: new Set(disallows) as NowPlaying['disallows'], ...extra });

  it('maps each control to the action Spotify names', () => {
    assert.equal(disallowedAction('togglePlayback', state(['pausing'])), 'pausing', 'playing: the toggle pauses');
    assert.equal(disallowedAction('togglePlayback', state(['pausing'], { activity: 'paused' })), undefined, 'paused: the toggle resumes');
    assert.equal(disallowedAction('togglePlayback', state(['resuming'], { activity: 'paused' })), 'resuming');
    assert.equal(disallowedAction('next', state(['skipping_next'])), 'skipping_next');
    assert.equal(disallowedAction('previous', state(['skipping_prev'])), 'skipping_prev');
    assert.equal(disallowedAction('seekForward', state(['seeking'])), 'seeking');
    assert.equal(disallowedAction('seekBackward', state(['seeking'])), 'seeking');
    assert.equal(disallowedAction('toggleShuffle', state(['toggling_shuffle'])), 'toggling_shuffle');
    assert.equal(disallowedAction('chooseDevice', state(['transferring_playback'])), 'transferring_playback');
    assert.equal(disallowedAction('next', state(['skipping_prev', 'pausing'])), undefined);
  });

  it('repeat is forbidden by the toggle of the mode it switches to, or of the one it leaves for off', () => {
    assert.equal(disallowedAction('cycleRepeat', state(['toggling_repeat_context'], { repeat: 'off' })), 'toggling_repeat_context');
    assert.equal(disallowedAction('cycleRepeat', state(['toggling_repeat_context'], { repeat: 'context' })), undefined, 'context -> track');
    assert.equal(disallowedAction('cycleRepeat', state(['toggling_repeat_track'], { repeat: 'context' })), 'toggling_repeat_track');
    assert.equal(disallowedAction('cycleRepeat', state(['toggling_repeat_track'], { repeat: 'track' })), 'toggling_repeat_track', 'track -> off');
  });

  it('forbids nothing when nothing is known: the press is sent and Spotify answers', () => {
    assert.equal(disallowedAction('next', undefined), undefined);
    assert.equal(disallowedAction('next', { activity: 'playing' }), undefined);
  });
});

describe('player controls: one queue per control', () => {
  function recorder() {
    const events: string[] = [];
    let now = 1_000;
    // The client's gate, as the extension passes it: a 429 holds requests until then.
    const gate = { until: undefined as number | undefined };
    const queue = new ControlQueue({
      onFailure: (error) => {
        if (error instanceof RateLimitedError) gate.until = error.retryAt;
        events.push(`failure: ${(error as Error).message}`);
      },
      onSettled: () => events.push('read'),
      rateLimitedUntil: () => gate.until,
      onBlocked: () => events.push('blocked'),
      now: () => now,
    });
    return { events, queue, advance: (ms: number) => (now += ms) };
  }
  const gate = () => {
    let open!: () => void;
    return { promise: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
  };

  it('sends five quick presses one at a time, in order, and reads the player once after the last', async () => {
    const { events, queue } = recorder();
    const first = gate();
    const presses = [1, 2, 3, 4, 5].map((n) =>
      queue.run(async () => {
        events.push(`start ${n}`);
        if (n === 1) await first.promise;
        events.push(`end ${n}`);
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events, ['start 1'], 'the second waits for the first');
    first.open();
    assert.deepEqual(await Promise.all(presses), ['done', 'done', 'done', 'done', 'done']);
    assert.deepEqual(events, ['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4', 'start 5', 'end 5', 'read']);
  });

  it('a failure drops the presses queued after it and is reported once; the read still follows what went through', async () => {
    const { events, queue } = recorder();
    const sent: number[] = [];
    const presses = [1, 2, 3, 4].map((n) =>
      queue.run(async () => {
        sent.push(n);
        if (n === 2) throw new ServerError(502, 'Spotify is having trouble');
      }),
    );
    assert.deepEqual(await Promise.all(presses), ['done', 'failed', 'dropped', 'dropped']);
    assert.deepEqual(sent, [1, 2]);
    assert.deepEqual(events, ['failure: Spotify is having trouble', 'read']);
    // The queue works again for the next press.
    assert.equal(await queue.run(async () => void sent.push(5)), 'done');
    assert.deepEqual(sent, [1, 2, 5]);
  });

  it('a 429 stops the rest, says so once, and drops presses until Spotify’s wait is over', async () => {
    const { events, queue, advance } = recorder();
    const sent: number[] = [];
    const presses = [1, 2, 3].map((n) =>
      queue.run(async () => {
        sent.push(n);
        throw new RateLimitedError(1_000 + 30_000, false, 'Spotify asks to wait 30 s');
      }),
    );
    assert.deepEqual(await Promise.all(presses), ['failed', 'dropped', 'dropped']);
    assert.deepEqual(sent, [1], 'one request, no retries that multiply');
    assert.deepEqual(events, ['failure: Spotify asks to wait 30 s'], 'said once; nothing went through, so no read');
    assert.equal(await queue.run(async () => void sent.push(4)), 'dropped');
    assert.deepEqual(events, ['failure: Spotify asks to wait 30 s', 'blocked']);
    advance(30_000);
    assert.equal(await queue.run(async () => void sent.push(5)), 'done');
    assert.deepEqual(sent, [1, 5]);
  });
});

describe('player controls: the requests they send and what Spotify’s refusals become', () => {
  /** A PlayerApi on a client whose fetch answers `respond` and records what was asked. */
  function playerWith(respond: (url: URL) => { status: number; body?: unknown; headers?: Record<string, string> }) {
    const sent: string[] = [];
    const fetchStub: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      sent.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
      const answer = respond(url);
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
    };
    const client = new SpotifyClient({ baseUrl: () => 'https://api.invalid/v1', tokens: { getAccessToken: async () => 'token', refreshAfterRejection: async () => 'token' }, logger: silentLogger, fetch: fetchStub, backoffBaseMs: 1 });
    return { player: new PlayerApi(client), sent };
  }
  const refusal = (status: number, message: string, reason?: string) => ({ status, body: { error: { status, message, reason } } });

  it('sends shuffle, repeat, seek and volume as Spotify documents them; the volume clamped and whole', async () => {
    const { player, sent } = playerWith(() => ({ status: 204 }));
    await player.setShuffle(true);
    await player.setRepeat('track', 'dev 1');
    await player.seek(12_345.6);
    await player.setVolume(104);
    await player.setVolume(-3);
    assert.deepEqual(sent, [
      'PUT /v1/me/player/shuffle?state=true',
      'PUT /v1/me/player/repeat?state=track&device_id=dev%201',
      'PUT /v1/me/player/seek?position_ms=12346',
      'PUT /v1/me/player/volume?volume_percent=100',
      'PUT /v1/me/player/volume?volume_percent=0',
    ]);
  });

  it('asks for at most 50 recent plays, newer than `after` when given; reads the queue', async () => {
    const { player, sent } = playerWith((url) => ({ status: 200, body: url.pathname.endsWith('/queue') ? { currently_playing: null, queue: [] } : { items: [], cursors: null } }));
    await player.recentlyPlayed({ limit: 80, after: 1793607330123 });
    await player.recentlyPlayed({ limit: 10 });
    assert.deepEqual(await player.queue(), { upNext: [] });
    assert.deepEqual(sent, ['GET /v1/me/player/recently-played?limit=50&after=1793607330123', 'GET /v1/me/player/recently-played?limit=10', 'GET /v1/me/player/queue']);
  });

  it('403 VOLUME_CONTROL_DISALLOW is the device refusing the volume; another 403 of the player is a restriction of the device, not a bad sign-in', async () => {
    const { player } = playerWith((url) => (url.pathname.endsWith('/volume') ? refusal(403, 'Player command failed: Cannot control device volume', 'VOLUME_CONTROL_DISALLOW') : refusal(403, 'Player command failed: Restriction violated', 'UNKNOWN')));
    const volume = await player.setVolume(50).then(() => undefined, (error: unknown) => error);
    assert.ok(volume instanceof ForbiddenError && volume.reason === 'volumeControlDisallowed', String(volume));
    const next = await player.next().then(() => undefined, (error: unknown) => error);
    assert.ok(next instanceof ForbiddenError && next.reason === 'playerRestricted', String(next));
  });

  it('Next is sent once: a long 429 fails at once, without retries that multiply', async () => {
    const { player, sent } = playerWith(() => ({ status: 429, headers: { 'Retry-After': '120' } }));
    const error = await player.next().then(() => undefined, (reason: unknown) => reason);
    assert.ok(error instanceof RateLimitedError, String(error));
    assert.deepEqual(sent, ['POST /v1/me/player/next']);
  });
});
