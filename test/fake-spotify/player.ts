// api.spotify.com/v1/me/player*: a player with devices, playback of a context (playlist, album,
// show, the user's collection) from an offset or of a list of uris, pause/resume/next/previous, a
// queue (add and read), shuffle, repeat, seek, volume, the songs played (recentlyPlayed.ts), and what
// plays now (204 when nothing does), with `actions.disallows` as Spotify computes them. A song that
// reaches its end gives way to the next, as on a real device. Refusals as Spotify sends them: 404
// NO_ACTIVE_DEVICE, 403 PREMIUM_REQUIRED for an account without Premium, 403 "Restriction violated"
// for what the disallows forbid, 403 VOLUME_CONTROL_DISALLOW, scopes per endpoint.
import type { IncomingMessage } from 'node:http';
import { apiError, json, Reply } from './http';
import { FAKE_USER } from './fixtures';
import { type Json, renderTrack, seededRandom } from './library';
import { addDevice, DEVICE_PRESETS, type DevicePreset, devicesFor, type FakeDevice, removeDevice, updateDevice } from './playerDevices';
import { contextObject, PlayHistory, RECENTLY_PLAYED_SCOPE, recentlyPlayedReply } from './recentlyPlayed';
import { searchIndex } from './searchCatalog';
import { renderAlbumTracks, renderSectionEpisode, renderShow } from './sections';
import type { FakeState } from './state';

export type { DevicePreset, FakeDevice } from './playerDevices';

export const PLAYER_SCOPES = {
  read: 'user-read-playback-state',
  modify: 'user-modify-playback-state',
  currentlyPlaying: 'user-read-currently-playing',
  recentlyPlayed: RECENTLY_PLAYED_SCOPE,
} as const;

export type RepeatState = 'off' | 'context' | 'track';

/** Spotify's `actions.disallows` keys. */
export const DISALLOW_KEYS = ['interrupting_playback', 'pausing', 'resuming', 'seeking', 'skipping_next', 'skipping_prev', 'toggling_repeat_context', 'toggling_shuffle', 'toggling_repeat_track', 'transferring_playback'] as const;
export type DisallowKey = (typeof DISALLOW_KEYS)[number];
export type Disallows = Partial<Record<DisallowKey, boolean>>;

export interface PlayerSwitches {
  /** An account without Premium: every player command is refused (403 PREMIUM_REQUIRED); reads still answer. */
  premium: boolean;
  /** Spotify refuses `spotify:user:{id}:collection` as a context (400): clients must play by uris. */
  refuseCollectionContext: boolean;
  /** A song that reaches its end gives way to the next one (on by default, as on a device). */
  songEnds: boolean;
}

/** What plays, as the control API reports it. */
export interface FakePlayback {
  deviceId: string | null;
  contextUri: string | null;
  /** The uri of the item playing (or paused on); null when nothing plays. */
  itemUri: string | null;
  /** Position in the context's list (or the uris given) of the context entry playing, or last played before a queued item. */
  index: number;
  isPlaying: boolean;
  progressMs: number;
  /** Uris added with Add to Queue, next first. */
  queue: string[];
  /** The context's next entries after the queue, as GET /me/player/queue lists them (up to 10). */
  upNext: string[];
  shuffle: boolean;
  repeat: RepeatState;
  /** The active device's volume; null without an active device. */
  volumePercent: number | null;
  /** actions.disallows as GET /me/player reports it now (overrides included). */
  disallows: Disallows;
  /** Set with /__fake/player/disallows: forced on (true) or off (false) whatever the state says. */
  disallowOverrides: Disallows;
}

interface Playable {
  uri: string;
  render: () => Json;
  durationMs: number;
  /** A removed entry: it keeps its position (offsets count it, as Spotify's do) but never plays. */
  skipped?: boolean;
}

const PLAYER_ROUTES = new Set(['/v1/me/player', '/v1/me/player/play', '/v1/me/player/pause', '/v1/me/player/next', '/v1/me/player/previous', '/v1/me/player/currently-playing', '/v1/me/player/devices', '/v1/me/player/queue', '/v1/me/player/shuffle', '/v1/me/player/repeat', '/v1/me/player/seek', '/v1/me/player/volume', '/v1/me/player/recently-played']);
const COMMAND_METHODS: Record<string, string> = { '/v1/me/player': 'PUT', '/v1/me/player/play': 'PUT', '/v1/me/player/pause': 'PUT', '/v1/me/player/next': 'POST', '/v1/me/player/previous': 'POST', '/v1/me/player/queue': 'POST', '/v1/me/player/shuffle': 'PUT', '/v1/me/player/repeat': 'PUT', '/v1/me/player/seek': 'PUT', '/v1/me/player/volume': 'PUT' };
/** How many of the context's next entries GET /me/player/queue lists after the queued ones. */
const UP_NEXT = 10;
const MINUTE = 60_000;

export function playerRoute(path: string): string | undefined {
  const trimmed = path.replace(/\/$/, '');
  return PLAYER_ROUTES.has(trimmed) ? trimmed : undefined;
}

function noActiveDevice(): Reply {
  return apiError(404, 'Player command failed: No active device found', { reason: 'NO_ACTIVE_DEVICE' });
}

function premiumRequired(): Reply {
  return apiError(403, 'Player command failed: Premium required', { reason: 'PREMIUM_REQUIRED' });
}

function restricted(): Reply {
  return apiError(403, 'Player command failed: Restriction violated', { reason: 'UNKNOWN' });
}

function volumeDisallowed(): Reply {
  return apiError(403, 'Player command failed: Cannot control device volume', { reason: 'VOLUME_CONTROL_DISALLOW' });
}

/** The player of the one fake account. */
export class FakePlayer {
  devices: FakeDevice[] = devicesFor('one');
  switches: PlayerSwitches = { premium: true, refuseCollectionContext: false, songEnds: true };
  /** The songs played, for GET /me/player/recently-played. */
  readonly history = new PlayHistory();
  private contextUri: string | null = null;
  private list: Playable[] = [];
  /** The play order: indices into `list` (shuffled or not), and where in it playback is. */
  private order: number[] = [];
  private at = 0;
  /** A queued item playing now; the context waits at `at`. */
  private fromQueue: Playable | undefined;
  private playing = false;
  /** Position when playback last started, paused or sought, and when. */
  private progressMs = 0;
  private since = Date.now();
  private queue: Playable[] = [];
  private shuffle = false;
  private repeat: RepeatState = 'off';
  private disallowOverrides: Disallows = {};
  private shuffles = 0;

  constructor(private readonly state: FakeState) {}

  reset(): void {
    this.devices = devicesFor('one');
    this.switches = { premium: true, refuseCollectionContext: false, songEnds: true };
    this.contextUri = null;
    this.list = [];
    this.order = [];
    this.at = 0;
    this.fromQueue = undefined;
    this.playing = false;
    this.progressMs = 0;
    this.queue = [];
    this.shuffle = false;
    this.repeat = 'off';
    this.disallowOverrides = {};
    this.shuffles = 0;
    this.history.clear();
    this.seedHistory();
  }

  configure(patch: { devices?: unknown; premium?: unknown; refuseCollectionContext?: unknown; songEnds?: unknown; shuffle?: unknown; repeat?: unknown }): void {
    this.settle();
    if (patch.devices !== undefined) {
      if (!DEVICE_PRESETS.includes(patch.devices as DevicePreset)) throw new Error(`devices must be ${DEVICE_PRESETS.join(', ')}`);
      this.devices = devicesFor(patch.devices as DevicePreset);
      this.afterDeviceChange();
    }
    for (const key of ['premium', 'refuseCollectionContext', 'songEnds'] as const) {
      if (patch[key] === undefined) continue;
      if (typeof patch[key] !== 'boolean') throw new Error(`${key} must be a boolean`);
      this.switches[key] = patch[key];
    }
    if (patch.shuffle !== undefined) {
      if (typeof patch.shuffle !== 'boolean') throw new Error('shuffle must be a boolean');
      this.setShuffle(patch.shuffle);
    }
    if (patch.repeat !== undefined) {
      if (!['off', 'context', 'track'].includes(patch.repeat as string)) throw new Error('repeat must be off, context or track');
      this.repeat = patch.repeat as RepeatState;
    }
  }

  /** `/__fake/player/devices/{add,remove,update}`. */
  changeDevices(action: 'add' | 'remove' | 'update', body: Record<string, unknown>): void {
    this.settle();
    if (action === 'add') addDevice(this.devices, body);
    else if (action === 'remove') removeDevice(this.devices, body.id);
    else updateDevice(this.devices, body);
    this.afterDeviceChange();
  }

  /** Replaces the forced disallows (`{}` clears them); throws on an unknown key. */
  setDisallows(overrides: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(overrides)) {
      if (!(DISALLOW_KEYS as readonly string[]).includes(key)) throw new Error(`unknown disallow ${key} (${DISALLOW_KEYS.join(', ')})`);
      if (typeof value !== 'boolean') throw new Error(`${key} must be a boolean`);
    }
    this.disallowOverrides = { ...(overrides as Disallows) };
  }

  /** A play from another app of the user's ("from the phone"): a known track, now or at `playedAt`. */
  addPlay(uri: string, playedAt = Date.now(), contextUri: string | null = null): void {
    const playable = this.playableFor(uri);
    if (!playable || !uri.startsWith('spotify:track:')) throw new Error(`no track ${uri} in the fake's catalog`);
    this.history.record({ uri, playedAt, contextUri, render: playable.render });
  }

  playback(): FakePlayback {
    this.settle();
    const item = this.current();
    return {
      deviceId: this.activeDevice()?.id ?? null,
      contextUri: this.contextUri,
      itemUri: item?.uri ?? null,
      index: this.order[this.at] ?? 0,
      isPlaying: this.playing && !!item,
      progressMs: this.position(),
      queue: this.queue.map((p) => p.uri),
      upNext: this.upNext().map((p) => p.uri),
      shuffle: this.shuffle,
      repeat: this.repeat,
      volumePercent: this.activeDevice()?.volume_percent ?? null,
      disallows: this.disallows(),
      disallowOverrides: { ...this.disallowOverrides },
    };
  }

  /** What another Spotify app of the user's does (the phone skips, pauses, starts a playlist). */
  remote(action: 'next' | 'previous' | 'pause' | 'resume' | 'stop', playContext?: string): void {
    this.settle();
    if (playContext) {
      const resolved = this.resolveContext(playContext);
      if (!resolved || resolved === 'invalid') throw new Error(`unknown context ${playContext}`);
      if (!this.activeDevice() && this.devices[0]) this.devices[0].is_active = true;
      this.start(playContext, resolved, 0);
      return;
    }
    if (action === 'next' && this.current()) this.next(Date.now(), false);
    else if (action === 'previous' && this.current()) this.previous();
    else if (action === 'pause') this.pause();
    else if (action === 'resume') this.resume();
    else if (action === 'stop') {
      this.contextUri = null;
      this.list = [];
      this.order = [];
      this.fromQueue = undefined;
      this.playing = false;
    }
  }

  handle(req: IncomingMessage, url: URL, scope: string, body: string): Reply | undefined {
    const route = playerRoute(url.pathname);
    if (!route) return undefined;
    this.settle();
    const method = req.method ?? 'GET';
    const has = (needed: string) => scope.split(' ').includes(needed);
    const insufficientScope = () => apiError(403, 'Insufficient client scope');
    // Spotify answers a player read without its scope with 401 "Permissions missing", not 403 (fact sheet).
    const permissionsMissing = () => apiError(401, 'Permissions missing');
    if (method === 'GET') {
      if (route === '/v1/me/player/currently-playing') {
        if (!has(PLAYER_SCOPES.currentlyPlaying) && !has(PLAYER_SCOPES.read)) return permissionsMissing();
        return this.stateReply(false);
      }
      if (route === '/v1/me/player') return has(PLAYER_SCOPES.read) ? this.stateReply(true) : permissionsMissing();
      if (route === '/v1/me/player/devices') return has(PLAYER_SCOPES.read) ? json(200, { devices: this.devices.map((d) => ({ ...d })) }, true) : permissionsMissing();
      if (route === '/v1/me/player/queue') return has(PLAYER_SCOPES.read) ? this.queueReply() : permissionsMissing();
      if (route === '/v1/me/player/recently-played') return has(PLAYER_SCOPES.recentlyPlayed) ? recentlyPlayedReply(this.state, url, this.history) : insufficientScope();
      return apiError(405, 'Method not allowed');
    }
    if (COMMAND_METHODS[route] !== method) return apiError(405, 'Method not allowed');
    if (!has(PLAYER_SCOPES.modify)) return insufficientScope();
    if (!this.switches.premium) return premiumRequired();
    let parsed: Json = {};
    if (body.trim()) {
      try {
        const value = JSON.parse(body) as unknown;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return apiError(400, 'Malformed json');
        parsed = value as Json;
      } catch {
        return apiError(400, 'Malformed json');
      }
    }
    const deviceId = url.searchParams.get('device_id');

    if (route === '/v1/me/player') {
      const ids = parsed.device_ids;
      if (!Array.isArray(ids) || ids.length !== 1 || typeof ids[0] !== 'string') return apiError(400, 'Required field device_ids missing or not a one-element array');
      const target = this.devices.find((d) => d.id === ids[0]);
      if (!target) return apiError(404, 'Device not found');
      if (this.disallows().transferring_playback) return restricted();
      for (const d of this.devices) d.is_active = d === target;
      if (parsed.play === true && this.current()) this.resume();
      return { status: 204 };
    }

    // The parameters first: a bad one is a 400 whatever the device.
    const param = this.commandParameter(route, url.searchParams);
    if (param && 'status' in param) return param;

    if (route === '/v1/me/player/volume') {
      // Volume is set on the device named (active or not), or the active one; playback stays where it is.
      const target = deviceId !== null ? this.devices.find((d) => d.id === deviceId) : this.activeDevice();
      if (!target) return deviceId !== null ? apiError(404, 'Device not found') : noActiveDevice();
      if (target.is_restricted) return restricted();
      if (!target.supports_volume) return volumeDisallowed();
      target.volume_percent = param!.value as number;
      return { status: 204 };
    }

    // Every other command acts on the device named, or the active one.
    if (deviceId !== null) {
      const target = this.devices.find((d) => d.id === deviceId);
      if (!target) return apiError(404, 'Device not found');
      for (const d of this.devices) d.is_active = d === target;
    } else if (!this.activeDevice()) {
      return noActiveDevice();
    }
    if (this.activeDevice()!.is_restricted) return restricted();
    const disallows = this.disallows();

    switch (route) {
      case '/v1/me/player/play':
        if (parsed.context_uri === undefined && parsed.uris === undefined && disallows.resuming) return restricted();
        return this.play(parsed);
      case '/v1/me/player/pause':
        if (!this.playing || disallows.pausing) return restricted();
        this.pause();
        return { status: 204 };
      case '/v1/me/player/next':
        if (!this.current() || disallows.skipping_next) return restricted();
        this.next(Date.now(), false);
        return { status: 204 };
      case '/v1/me/player/previous':
        if (!this.current() || disallows.skipping_prev) return restricted();
        this.previous();
        return { status: 204 };
      case '/v1/me/player/queue': {
        const uri = url.searchParams.get('uri');
        if (!uri) return apiError(400, 'Required parameter uri missing');
        const playable = this.playableFor(uri);
        if (!playable) return apiError(400, 'Invalid track uri');
        if (!this.current()) return restricted();
        this.queue.push(playable);
        return { status: 204 };
      }
      case '/v1/me/player/shuffle':
        if (disallows.toggling_shuffle) return restricted();
        this.setShuffle(param!.value as boolean);
        return { status: 204 };
      case '/v1/me/player/repeat': {
        const wanted = param!.value as RepeatState;
        if ((wanted === 'track' && disallows.toggling_repeat_track) || (wanted === 'context' && disallows.toggling_repeat_context) || (wanted === 'off' && (disallows.toggling_repeat_context || disallows.toggling_repeat_track))) return restricted();
        this.repeat = wanted;
        return { status: 204 };
      }
      case '/v1/me/player/seek': {
        const item = this.current();
        if (!item || disallows.seeking) return restricted();
        const positionMs = param!.value as number;
        // Beyond the end: Spotify moves on to the next item.
        if (positionMs >= item.durationMs) this.next(Date.now(), true);
        else {
          this.progressMs = positionMs;
          this.since = Date.now();
        }
        return { status: 204 };
      }
    }
    return undefined;
  }

  /** The query parameter a command needs, checked as Spotify checks it; a 400 Reply when missing or bad. */
  private commandParameter(route: string, q: URLSearchParams): { value: unknown } | Reply | undefined {
    const need = (name: string): string | Reply => q.get(name) ?? apiError(400, `Required parameter ${name} missing`);
    if (route === '/v1/me/player/shuffle') {
      const state = need('state');
      if (typeof state !== 'string') return state;
      return state === 'true' || state === 'false' ? { value: state === 'true' } : apiError(400, 'Invalid state parameter, must be true or false');
    }
    if (route === '/v1/me/player/repeat') {
      const state = need('state');
      if (typeof state !== 'string') return state;
      return ['track', 'context', 'off'].includes(state) ? { value: state } : apiError(400, 'State must be one of track, context or off');
    }
    if (route === '/v1/me/player/seek') {
      const text = need('position_ms');
      if (typeof text !== 'string') return text;
      return /^\d+$/.test(text) ? { value: Number(text) } : apiError(400, 'position_ms must be a non-negative integer');
    }
    if (route === '/v1/me/player/volume') {
      const text = need('volume_percent');
      if (typeof text !== 'string') return text;
      return /^\d+$/.test(text) && Number(text) <= 100 ? { value: Number(text) } : apiError(400, 'volume_percent must be an integer from 0 to 100');
    }
    return undefined;
  }

  private play(body: Json): Reply {
    const { context_uri: contextUri, uris, offset } = body;
    if (contextUri === undefined && uris === undefined) {
      // Resume.
      if (!this.current()) return restricted();
      this.resume();
      return { status: 204 };
    }
    let list: Playable[];
    if (typeof contextUri === 'string') {
      if (/^spotify:user:[^:]+:collection$/.test(contextUri) && this.switches.refuseCollectionContext) return apiError(400, 'Invalid context uri');
      const resolved = this.resolveContext(contextUri);
      if (resolved === 'invalid') return apiError(400, 'Invalid context uri');
      if (!resolved) return apiError(404, 'Not found.');
      list = resolved;
    } else if (Array.isArray(uris) && uris.length > 0 && uris.every((u) => typeof u === 'string')) {
      const resolved = uris.map((u) => this.playableFor(u));
      if (resolved.some((p) => !p)) return apiError(400, 'Invalid track uri');
      list = resolved as Playable[];
    } else {
      return apiError(400, 'Malformed json');
    }
    let index = 0;
    if (offset !== undefined) {
      const o = offset as { position?: unknown; uri?: unknown };
      if (typeof o !== 'object' || o === null) return apiError(400, 'Malformed json');
      if (typeof o.position === 'number') index = o.position;
      else if (typeof o.uri === 'string') index = list.findIndex((p) => p.uri === o.uri);
      else return apiError(400, 'Malformed json');
      if (!Number.isInteger(index) || index < 0 || index >= list.length) return apiError(400, 'Offset out of bounds');
      if (list[index].skipped) return apiError(404, 'Track unavailable');
    }
    this.start(typeof contextUri === 'string' ? contextUri : null, list, index);
    return { status: 204 };
  }

  private start(contextUri: string | null, list: Playable[], index: number): void {
    this.contextUri = contextUri;
    this.list = list;
    this.fromQueue = undefined;
    // From the entry asked for, or the first after it that plays.
    let first = index;
    while (first < list.length - 1 && list[first].skipped) first++;
    this.order = list.map((_, i) => i);
    this.at = first;
    if (this.shuffle) this.shuffleOrder(first);
    this.playing = true;
    this.begin(Date.now());
  }

  /** The current item from its start, at `at` ms; a new play in the history. */
  private begin(at: number): void {
    this.progressMs = 0;
    this.since = at;
    const item = this.current();
    if (item) this.history.record({ uri: item.uri, playedAt: at, contextUri: this.fromQueue ? null : this.contextUri, render: item.render });
  }

  private pause(): void {
    this.progressMs = this.position();
    this.playing = false;
  }

  private resume(): void {
    this.since = Date.now();
    this.playing = true;
  }

  /**
   * The next item at `at` ms: a queued one first (the context waits), else the context's next
   * entry in play order. Past the last entry: the first again with repeat on, else playback stops
   * on the first entry, paused, as the apps do when a context ends without autoplay. `songEnd`:
   * repeat track plays the same item again (a skip by the user moves on whatever the repeat).
   */
  private next(at: number, songEnd: boolean): void {
    if (songEnd && this.repeat === 'track') return this.begin(at);
    if (this.queue.length > 0) {
      this.fromQueue = this.queue.shift();
      return this.begin(at);
    }
    this.fromQueue = undefined;
    const following = this.stepFrom(this.at, 1);
    if (following !== undefined) this.at = following;
    else if (this.repeat !== 'off') this.at = this.stepFrom(-1, 1) ?? this.at;
    else {
      this.at = this.stepFrom(-1, 1) ?? this.at;
      this.playing = false;
      this.progressMs = 0;
      return;
    }
    this.begin(at);
  }

  /** Back one entry (from a queued item: to the entry it interrupted); wraps with repeat on. */
  private previous(): void {
    if (this.fromQueue) this.fromQueue = undefined;
    else this.at = this.stepFrom(this.at, -1) ?? (this.repeat !== 'off' ? this.stepFrom(this.order.length, -1) ?? this.at : this.at);
    this.begin(Date.now());
  }

  /** The position in the play order after (or before) `from` that plays; undefined at the end. */
  private stepFrom(from: number, step: 1 | -1): number | undefined {
    for (let at = from + step; at >= 0 && at < this.order.length; at += step) if (!this.list[this.order[at]].skipped) return at;
    return undefined;
  }

  /** Plays the songs whose end has come since the last look (songs play on between requests). */
  private settle(now = Date.now()): void {
    if (!this.switches.songEnds) return;
    for (let guard = 0; guard < 500 && this.playing; guard++) {
      const item = this.current();
      if (!item || item.durationMs <= 0) return;
      const endsAt = this.since + item.durationMs - this.progressMs;
      if (now < endsAt) return;
      this.next(endsAt, true);
    }
  }

  private setShuffle(on: boolean): void {
    if (on === this.shuffle) return;
    this.shuffle = on;
    const index = this.order[this.at] ?? 0;
    this.order = this.list.map((_, i) => i);
    this.at = index;
    if (on) this.shuffleOrder(index);
  }

  /** Spotify keeps the item playing first and shuffles the rest after it (seeded: same run, same order). */
  private shuffleOrder(first: number): void {
    const rest = this.list.map((_, i) => i).filter((i) => i !== first);
    const random = seededRandom(this.state.library.seed, 0x5f0ff1e, this.shuffles++);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rest[i], rest[j]] = [rest[j], rest[i]];
    }
    this.order = this.list.length ? [first, ...rest] : [];
    this.at = 0;
  }

  /** The context's entries after the current one in play order (wrapping with repeat on), up to UP_NEXT. */
  private upNext(): Playable[] {
    const items: Playable[] = [];
    if (!this.current()) return items;
    let at = this.at;
    for (let seen = 0; items.length < UP_NEXT && seen < this.order.length; seen++) {
      at++;
      if (at >= this.order.length) {
        if (this.repeat === 'off') break;
        at = 0;
      }
      if (at === this.at && !this.fromQueue) break;
      const entry = this.list[this.order[at]];
      if (!entry.skipped) items.push(entry);
    }
    return items;
  }

  /** Spotify's `actions.disallows`: only the keys that are true. */
  private disallows(): Disallows {
    const item = this.current();
    const computed: Disallows = {};
    if (item) {
      if (this.playing) computed.resuming = true;
      else computed.pausing = true;
      if (!this.fromQueue && this.repeat === 'off' && this.stepFrom(this.at, -1) === undefined) computed.skipping_prev = true;
      // Podcasts play in order: no shuffle, no repeat.
      if (item.uri.startsWith('spotify:episode:')) Object.assign(computed, { toggling_shuffle: true, toggling_repeat_context: true, toggling_repeat_track: true });
    }
    const merged: Disallows = { ...computed, ...this.disallowOverrides };
    const answer: Disallows = {};
    for (const key of DISALLOW_KEYS) if (merged[key]) answer[key] = true;
    return answer;
  }

  private afterDeviceChange(): void {
    if (!this.activeDevice() && this.playing) this.pause();
  }

  private position(): number {
    const item = this.current();
    if (!item) return 0;
    const elapsed = this.playing ? Date.now() - this.since : 0;
    return Math.min(item.durationMs, this.progressMs + elapsed);
  }

  private current(): Playable | undefined {
    return this.fromQueue ?? this.list[this.order[this.at]];
  }

  private activeDevice(): FakeDevice | undefined {
    return this.devices.find((d) => d.is_active);
  }

  private stateReply(full: boolean): Reply {
    const item = this.current();
    const active = this.activeDevice();
    if (!item || item.skipped || !active) return { status: 204 };
    const rendered = item.render();
    const answer: Json = {
      timestamp: Date.now(),
      context: contextObject(this.state.apiUrl, this.fromQueue ? null : this.contextUri),
      progress_ms: this.position(),
      item: rendered,
      currently_playing_type: rendered.type === 'episode' ? 'episode' : 'track',
      actions: { disallows: this.disallows() },
      is_playing: this.playing,
    };
    if (full) Object.assign(answer, { device: { ...active }, repeat_state: this.repeat, shuffle_state: this.shuffle, smart_shuffle: false });
    return json(200, answer, true);
  }

  /** GET /me/player/queue: what plays, the queued items, then the context's next entries. */
  private queueReply(): Reply {
    const item = this.current();
    if (!item || !this.activeDevice()) return json(200, { currently_playing: null, queue: [] }, true);
    return json(200, { currently_playing: item.render(), queue: [...this.queue, ...this.upNext()].map((p) => p.render()) }, true);
  }

  /** A short history as if the user had listened on their phone earlier: Liked Songs minutes ago, a playlist hours ago. */
  private seedHistory(): void {
    const lib = this.state.library;
    const now = Date.now();
    const collection = `spotify:user:${FAKE_USER.id}:collection`;
    const plays: Array<{ ref: (typeof lib.liked)[number]['ref'] | undefined; minutesAgo: number; context: string | null }> = [
      { ref: lib.liked[0]?.ref, minutesAgo: 4, context: collection },
      { ref: lib.liked[1]?.ref, minutesAgo: 8, context: collection },
      { ref: lib.liked[2]?.ref, minutesAgo: 35, context: null },
      ...(lib.playlists[0]?.entries.slice(0, 3) ?? []).map((entry, i) => ({ ref: entry.ref, minutesAgo: 120 + 4 * i, context: `spotify:playlist:${lib.playlists[0].id}` })),
    ];
    for (const play of plays) {
      if (play.ref === undefined) continue;
      const playable = this.fromRendered(() => renderTrack(lib.seed, play.ref ?? null, { apiUrl: this.state.apiUrl }));
      if (!playable.skipped) this.history.record({ uri: playable.uri, playedAt: now - play.minutesAgo * MINUTE, contextUri: play.context, render: playable.render });
    }
  }

  /** The items of a context, 'invalid' for a malformed uri, undefined for an unknown one. */
  private resolveContext(uri: string): Playable[] | 'invalid' | undefined {
    const { state } = this;
    const seed = state.library.seed;
    const apiUrl = state.apiUrl;
    const m = /^spotify:(playlist|album|show):([0-9A-Za-z]{22})$/.exec(uri);
    const collection = /^spotify:user:([^:]+):collection$/.exec(uri);
    if (collection) {
      if (collection[1] !== FAKE_USER.id) return undefined;
      return state.library.liked.map((entry) => this.fromRendered(() => renderTrack(seed, entry.ref, { apiUrl })));
    }
    if (!m) return 'invalid';
    const [, kind, id] = m;
    if (kind === 'playlist') {
      const playlist = state.library.playlist(id);
      return playlist?.entries.map((entry) => this.fromRendered(() => renderTrack(seed, entry.ref, { apiUrl })));
    }
    const ctx = { apiUrl, resumePoints: false };
    if (kind === 'album') {
      const album = state.sections.album(id);
      return album && renderAlbumTracks(seed, album, 0, album.total, ctx).map((t) => ({ uri: t.uri as string, durationMs: t.duration_ms as number, render: () => t }));
    }
    const show = state.sections.show(id);
    if (!show) return undefined;
    const total = state.sections.episodeCount(show);
    const withShow = renderShow(show, total, ctx);
    const episodes: Playable[] = [];
    for (let serial = total - 1; serial >= 0; serial--) {
      const e = renderSectionEpisode(seed, show, serial, ctx, withShow);
      episodes.push({ uri: e.uri as string, durationMs: e.duration_ms as number, render: () => e });
    }
    return episodes;
  }

  /** A single track or episode anywhere in the fake's catalog (the library, albums, search-only tracks, saved episodes). */
  private playableFor(uri: string): Playable | undefined {
    const { state } = this;
    const seed = state.library.seed;
    const ref = state.library.refByUri(uri);
    if (ref !== undefined) return this.fromRendered(() => renderTrack(seed, ref, { apiUrl: state.apiUrl }));
    const catalogTrack = searchIndex(state).tracksByUri.get(uri);
    if (catalogTrack) return this.fromRendered(() => catalogTrack.render({ apiUrl: state.apiUrl }));
    for (const saved of state.sections.savedEpisodes) {
      const show = state.sections.showAt(saved.show);
      const ctx = { apiUrl: state.apiUrl, resumePoints: false };
      const e = renderSectionEpisode(seed, show, saved.serial, ctx, renderShow(show, state.sections.episodeCount(show), ctx));
      if (e.uri === uri) return { uri, durationMs: e.duration_ms as number, render: () => e };
    }
    return undefined;
  }


  /** An entry of a list; a removed one (null) or a local file keeps its place and is skipped, as Spotify's player skips it. */
  private fromRendered(render: () => Json | null): Playable {
    const first = render();
    if (!first || typeof first.uri !== 'string') return { uri: '', durationMs: 0, skipped: true, render: () => ({}) };
    // A local file plays only in the app of the device that has it: the fake's devices have none.
    if (first.is_local === true) return { uri: first.uri, durationMs: 0, skipped: true, render: () => ({}) };
    return { uri: first.uri, durationMs: typeof first.duration_ms === 'number' ? first.duration_ms : 180_000, render: () => render() ?? {} };
  }
}
