// api.spotify.com/v1/me/player*: a player with devices, playback of a context (playlist, album,
// show, the user's collection) from an offset or of a list of uris, pause/resume/next/previous, a
// queue, and what plays now (204 when nothing does). Refusals as Spotify sends them: 404
// NO_ACTIVE_DEVICE, 403 PREMIUM_REQUIRED for an account without Premium, scopes per endpoint.
import type { IncomingMessage } from 'node:http';
import { apiError, json, Reply } from './http';
import { FAKE_USER } from './fixtures';
import { type Json, renderTrack } from './library';
import { renderAlbumTracks, renderSectionEpisode, renderShow } from './sections';
import type { FakeState } from './state';

export const PLAYER_SCOPES = {
  read: 'user-read-playback-state',
  modify: 'user-modify-playback-state',
  currentlyPlaying: 'user-read-currently-playing',
} as const;

export interface FakeDevice {
  id: string;
  name: string;
  type: string;
  is_active: boolean;
  is_private_session: boolean;
  is_restricted: boolean;
  volume_percent: number;
  supports_volume: boolean;
}

/** Device sets a test picks by name. */
export type DevicePreset = 'none' | 'one' | 'several' | 'oneInactive' | 'severalInactive';

export interface PlayerSwitches {
  /** An account without Premium: every player command is refused (403 PREMIUM_REQUIRED); reads still answer. */
  premium: boolean;
  /** Spotify refuses `spotify:user:{id}:collection` as a context (400): clients must play by uris. */
  refuseCollectionContext: boolean;
}

/** What plays, as the control API reports it. */
export interface FakePlayback {
  deviceId: string | null;
  contextUri: string | null;
  /** The uri of the item playing (or paused on); null when nothing plays. */
  itemUri: string | null;
  /** Position in the context's list (or the uris given). */
  index: number;
  isPlaying: boolean;
  /** Uris added with Add to Queue, next first. */
  queue: string[];
}

interface Playable {
  uri: string;
  render(): Json;
  durationMs: number;
  /** A removed entry: it keeps its position (offsets count it, as Spotify's do) but never plays. */
  skipped?: boolean;
}

const DEVICE_NAMES: Record<string, Omit<FakeDevice, 'is_active' | 'is_private_session' | 'is_restricted' | 'volume_percent' | 'supports_volume'>> = {
  desktop: { id: 'd3sktop0000000000000000000000000000000001', name: 'Fake Desktop', type: 'Computer' },
  phone: { id: 'ph0ne00000000000000000000000000000000002', name: 'Fake Phone', type: 'Smartphone' },
  speaker: { id: 'sp3aker000000000000000000000000000000003', name: 'Kitchen Speaker', type: 'Speaker' },
};

function device(key: keyof typeof DEVICE_NAMES, active: boolean): FakeDevice {
  return { ...DEVICE_NAMES[key], is_active: active, is_private_session: false, is_restricted: false, volume_percent: 60, supports_volume: true };
}

function devicesFor(preset: DevicePreset): FakeDevice[] {
  switch (preset) {
    case 'none':
      return [];
    case 'one':
      return [device('desktop', true)];
    case 'several':
      return [device('desktop', true), device('phone', false), device('speaker', false)];
    case 'oneInactive':
      return [device('desktop', false)];
    case 'severalInactive':
      return [device('desktop', false), device('phone', false), device('speaker', false)];
  }
}

const PLAYER_ROUTES = new Set(['/v1/me/player', '/v1/me/player/play', '/v1/me/player/pause', '/v1/me/player/next', '/v1/me/player/previous', '/v1/me/player/currently-playing', '/v1/me/player/devices', '/v1/me/player/queue']);

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

/** The player of the one fake account. */
export class FakePlayer {
  devices: FakeDevice[] = devicesFor('one');
  switches: PlayerSwitches = { premium: true, refuseCollectionContext: false };
  private contextUri: string | null = null;
  private list: Playable[] = [];
  private index = 0;
  private playing = false;
  /** Position when playback last started or paused, and when. */
  private progressMs = 0;
  private since = Date.now();
  private queue: Playable[] = [];

  constructor(private readonly state: FakeState) {}

  reset(): void {
    this.devices = devicesFor('one');
    this.switches = { premium: true, refuseCollectionContext: false };
    this.contextUri = null;
    this.list = [];
    this.index = 0;
    this.playing = false;
    this.progressMs = 0;
    this.queue = [];
  }

  configure(patch: { devices?: unknown; premium?: unknown; refuseCollectionContext?: unknown }): void {
    if (patch.devices !== undefined) {
      if (!['none', 'one', 'several', 'oneInactive', 'severalInactive'].includes(patch.devices as string)) throw new Error('devices must be none, one, several, oneInactive or severalInactive');
      this.devices = devicesFor(patch.devices as DevicePreset);
      if (!this.activeDevice()) this.playing = false;
    }
    for (const key of ['premium', 'refuseCollectionContext'] as const) {
      if (patch[key] === undefined) continue;
      if (typeof patch[key] !== 'boolean') throw new Error(`${key} must be a boolean`);
      this.switches[key] = patch[key];
    }
  }

  playback(): FakePlayback {
    const item = this.current();
    return {
      deviceId: this.activeDevice()?.id ?? null,
      contextUri: this.contextUri,
      itemUri: item?.uri ?? null,
      index: this.index,
      isPlaying: this.playing && !!item,
      queue: this.queue.map((p) => p.uri),
    };
  }

  /** What another Spotify app of the user's does (the phone skips, pauses, starts a playlist). */
  remote(action: 'next' | 'pause' | 'resume' | 'stop', playContext?: string): void {
    if (playContext) {
      const resolved = this.resolveContext(playContext);
      if (!resolved || resolved === 'invalid') throw new Error(`unknown context ${playContext}`);
      if (!this.activeDevice() && this.devices[0]) this.devices[0].is_active = true;
      this.start(playContext, resolved, 0);
      return;
    }
    if (action === 'next') this.skip(1);
    else if (action === 'pause') this.pause();
    else if (action === 'resume') this.resume();
    else {
      this.contextUri = null;
      this.list = [];
      this.playing = false;
    }
  }

  handle(req: IncomingMessage, url: URL, scope: string, body: string): Reply | undefined {
    const route = playerRoute(url.pathname);
    if (!route) return undefined;
    const method = req.method ?? 'GET';
    const has = (needed: string) => scope.split(' ').includes(needed);
    const insufficientScope = () => apiError(403, 'Insufficient client scope');
    // Spotify answers a player read without its scope with 401 "Permissions missing", not 403 (fact sheet).
    const permissionsMissing = () => apiError(401, 'Permissions missing');
    const isRead = method === 'GET';
    if (isRead) {
      if (route === '/v1/me/player/currently-playing') {
        if (!has(PLAYER_SCOPES.currentlyPlaying) && !has(PLAYER_SCOPES.read)) return permissionsMissing();
        return this.stateReply(false);
      }
      if (route === '/v1/me/player') return has(PLAYER_SCOPES.read) ? this.stateReply(true) : permissionsMissing();
      if (route === '/v1/me/player/devices') return has(PLAYER_SCOPES.read) ? json(200, { devices: this.devices.map((d) => ({ ...d })) }, true) : permissionsMissing();
      return apiError(405, 'Method not allowed');
    }
    const allowed: Record<string, string> = { '/v1/me/player': 'PUT', '/v1/me/player/play': 'PUT', '/v1/me/player/pause': 'PUT', '/v1/me/player/next': 'POST', '/v1/me/player/previous': 'POST', '/v1/me/player/queue': 'POST' };
    if (allowed[route] !== method) return apiError(405, 'Method not allowed');
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
      for (const d of this.devices) d.is_active = d === target;
      if (parsed.play === true && this.current()) this.resume();
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

    switch (route) {
      case '/v1/me/player/play':
        return this.play(parsed);
      case '/v1/me/player/pause':
        if (!this.playing) return restricted();
        this.pause();
        return { status: 204 };
      case '/v1/me/player/next':
        if (!this.current()) return restricted();
        this.skip(1);
        return { status: 204 };
      case '/v1/me/player/previous':
        if (!this.current()) return restricted();
        this.skip(-1);
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
    this.index = this.playableFrom(index, 1);
    this.progressMs = 0;
    this.since = Date.now();
    this.playing = true;
  }

  private pause(): void {
    this.progressMs = this.position();
    this.playing = false;
  }

  private resume(): void {
    this.since = Date.now();
    this.playing = true;
  }

  private skip(step: 1 | -1): void {
    if (step === 1 && this.queue.length > 0) {
      // A queued item plays next and leaves the context where it was.
      const next = this.queue.shift()!;
      this.list.splice(this.index + 1, 0, next);
    }
    this.index = this.playableFrom(Math.min(Math.max(0, this.index + step), Math.max(0, this.list.length - 1)), step);
    this.progressMs = 0;
    this.since = Date.now();
  }

  /** The first entry from `index` on (in `step`'s direction) that plays; `index` itself when none does. */
  private playableFrom(index: number, step: 1 | -1): number {
    for (let at = index; at >= 0 && at < this.list.length; at += step) if (!this.list[at].skipped) return at;
    return index;
  }

  private position(): number {
    const item = this.current();
    if (!item) return 0;
    const elapsed = this.playing ? Date.now() - this.since : 0;
    return Math.min(item.durationMs, this.progressMs + elapsed);
  }

  private current(): Playable | undefined {
    return this.list[this.index];
  }

  private activeDevice(): FakeDevice | undefined {
    return this.devices.find((d) => d.is_active);
  }

  private stateReply(full: boolean): Reply {
    const item = this.current();
    const active = this.activeDevice();
    if (!item || item.skipped || !active) return { status: 204 };
    const rendered = item.render();
    const context = this.contextUri
      ? { type: this.contextUri.split(':')[this.contextUri.includes(':collection') ? 3 : 1], uri: this.contextUri, href: null, external_urls: {} }
      : null;
    const answer: Json = {
      timestamp: Date.now(),
      context,
      progress_ms: this.position(),
      item: rendered,
      currently_playing_type: rendered.type === 'episode' ? 'episode' : 'track',
      actions: { disallows: this.playing ? { resuming: true } : { pausing: true } },
      is_playing: this.playing,
    };
    if (full) Object.assign(answer, { device: { ...active }, repeat_state: 'off', shuffle_state: false, smart_shuffle: false });
    return json(200, answer, true);
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

  /** A single track or episode anywhere in the library. */
  private playableFor(uri: string): Playable | undefined {
    const { state } = this;
    const seed = state.library.seed;
    const apiUrl = state.apiUrl;
    for (const entry of [...state.library.liked, ...state.library.playlists.flatMap((p) => p.entries)]) {
      const rendered = renderTrack(seed, entry.ref, { apiUrl });
      if (rendered?.uri === uri) return this.fromRendered(() => renderTrack(seed, entry.ref, { apiUrl }));
    }
    for (const saved of state.sections.savedEpisodes) {
      const show = state.sections.showAt(saved.show);
      const ctx = { apiUrl, resumePoints: false };
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
