import type { RateLimitWindow } from '../api/requestGate';
import type { RequestOptions, SpotifyClient } from '../api/spotifyClient';
import type { PlayerActivity } from './pollSchedule';

/** Repeat as Spotify names it: `context` repeats the list (playlist, album), `track` the song. */
export type RepeatMode = 'off' | 'context' | 'track';

/** The keys of the player's `actions.disallows`: what cannot be done now (an ad, a device that forbids it). */
export const PLAYER_ACTIONS = [
  'interrupting_playback',
  'pausing',
  'resuming',
  'seeking',
  'skipping_next',
  'skipping_prev',
  'toggling_repeat_context',
  'toggling_repeat_track',
  'toggling_shuffle',
  'transferring_playback',
] as const;
export type PlayerAction = (typeof PLAYER_ACTIONS)[number];

/** A song or episode as the player lists it (playing, queued, recently played), slim. */
export interface PlayerItem {
  readonly uri: string;
  /** `local`: a file on the user's device, not in Spotify's catalog: no Like, no library actions. */
  readonly kind: 'track' | 'episode' | 'local';
  readonly name: string;
  /** Artists joined with ", ", or the show's name. */
  readonly byline: string;
  readonly durationMs?: number;
  /** A song's album name, when Spotify gave it. */
  readonly album?: string;
}

/** What plays now, slim: what the status bar and its quick pick show. */
export interface NowPlaying {
  readonly activity: PlayerActivity;
  /** Undefined when Spotify plays something it does not describe (an ad, a private session). */
  readonly item?: PlayerItem;
  readonly progressMs?: number;
  readonly deviceName?: string;
  readonly contextUri?: string;
  /** Undefined when the answer did not say (idle). */
  readonly shuffle?: boolean;
  readonly repeat?: RepeatMode;
  readonly volumePercent?: number;
  /** False for a device that forbids changing its volume (some speakers and TVs). */
  readonly supportsVolume?: boolean;
  /** What Spotify says cannot be done now; empty when it says nothing. */
  readonly disallows?: ReadonlySet<PlayerAction>;
}

/** GET /me/player/queue made slim: what plays, then what comes next (read only: Spotify offers no reorder or remove). */
export interface PlayerQueue {
  readonly currentlyPlaying?: PlayerItem;
  readonly upNext: readonly PlayerItem[];
}

/** One play of GET /me/player/recently-played. */
export interface RecentPlay extends PlayerItem {
  /** When it was played, Unix ms. */
  readonly playedAt: number;
  readonly contextUri?: string;
}

export interface RecentlyPlayed {
  readonly plays: readonly RecentPlay[];
  /** Pass as `after` to ask only for plays newer than these; undefined when Spotify gave no cursor. */
  readonly after?: number;
}

/** Spotify answers at most 50 recent plays, and only the last 50. */
export const MAX_RECENTLY_PLAYED = 50;

export interface PlayerDevice {
  /** Spotify gives some devices (restricted ones) no id: they cannot be chosen. */
  readonly id?: string;
  readonly name: string;
  readonly type: string;
  readonly active: boolean;
  readonly restricted: boolean;
}

/** What Play sends: a context from an entry, or a list of uris. */
export type PlayRequest =
  | { readonly contextUri: string; readonly offset?: { readonly uri: string } | { readonly position: number } }
  | { readonly uris: readonly string[] };

type Json = Record<string, unknown>;

const IDLE: NowPlaying = { activity: 'idle' };

/** GET /me/player's answer made slim; undefined (204), no item, or anything unreadable is idle. */
export function normalizeNowPlaying(body: unknown): NowPlaying {
  // `item: null` is nothing to show, whatever `is_playing` says (Spotify sends `true` with type "unknown").
  if (!isObject(body) || !isObject(body.item)) return IDLE;
  const device = isObject(body.device) ? body.device : {};
  const contextUri = isObject(body.context) && typeof body.context.uri === 'string' ? body.context.uri : undefined;
  return {
    activity: body.is_playing === true ? 'playing' : 'paused',
    item: normalizePlayerItem(body.item),
    progressMs: typeof body.progress_ms === 'number' ? body.progress_ms : undefined,
    deviceName: typeof device.name === 'string' ? device.name : undefined,
    contextUri,
    shuffle: typeof body.shuffle_state === 'boolean' ? body.shuffle_state : undefined,
    repeat: body.repeat_state === 'off' || body.repeat_state === 'context' || body.repeat_state === 'track' ? body.repeat_state : undefined,
    volumePercent: typeof device.volume_percent === 'number' ? device.volume_percent : undefined,
    supportsVolume: typeof device.supports_volume === 'boolean' ? device.supports_volume : undefined,
    disallows: normalizeDisallows(body.actions),
  };
}

/** `actions.disallows`: only the names it knows, only where Spotify says `true` (`false` means allowed). */
function normalizeDisallows(actions: unknown): ReadonlySet<PlayerAction> {
  const disallows = isObject(actions) && isObject(actions.disallows) ? actions.disallows : {};
  return new Set(PLAYER_ACTIONS.filter((action) => disallows[action] === true));
}

/** A song, episode or local file as the player lists it; undefined for what it does not describe (an ad, null). */
export function normalizePlayerItem(raw: unknown): PlayerItem | undefined {
  if (!isObject(raw) || typeof raw.uri !== 'string' || typeof raw.name !== 'string') return undefined;
  const isLocal = raw.is_local === true || raw.uri.startsWith('spotify:local:');
  const kind = isLocal ? 'local' : raw.type === 'episode' ? 'episode' : raw.type === 'track' ? 'track' : undefined;
  if (!kind) return undefined;
  return {
    uri: raw.uri,
    kind,
    name: raw.name,
    byline: kind === 'episode' ? (isObject(raw.show) && typeof raw.show.name === 'string' ? raw.show.name : '') : artistNames(raw.artists),
    durationMs: typeof raw.duration_ms === 'number' ? raw.duration_ms : undefined,
    ...(kind === 'track' && isObject(raw.album) && typeof raw.album.name === 'string' ? { album: raw.album.name } : {}),
  };
}

export function normalizeQueue(body: unknown): PlayerQueue {
  if (!isObject(body)) return { upNext: [] };
  const currentlyPlaying = normalizePlayerItem(body.currently_playing);
  const upNext = (Array.isArray(body.queue) ? body.queue : []).map(normalizePlayerItem).filter((item): item is PlayerItem => item !== undefined);
  return currentlyPlaying ? { currentlyPlaying, upNext } : { upNext };
}

export function normalizeRecentlyPlayed(body: unknown): RecentlyPlayed {
  if (!isObject(body)) return { plays: [] };
  const plays = (Array.isArray(body.items) ? body.items : []).filter(isObject).flatMap((entry): RecentPlay[] => {
    const item = normalizePlayerItem(entry.track);
    const playedAt = typeof entry.played_at === 'string' ? Date.parse(entry.played_at) : NaN;
    if (!item || Number.isNaN(playedAt)) return [];
    return [{ ...item, playedAt, contextUri: isObject(entry.context) && typeof entry.context.uri === 'string' ? entry.context.uri : undefined }];
  });
  // The cursors are Unix ms, sent as strings.
  const cursor = isObject(body.cursors) ? body.cursors.after : undefined;
  const after = typeof cursor === 'string' || typeof cursor === 'number' ? Number(cursor) : NaN;
  return { plays, after: Number.isFinite(after) ? after : undefined };
}

export function normalizeDevices(body: unknown): PlayerDevice[] {
  const list = isObject(body) && Array.isArray(body.devices) ? body.devices : [];
  return list.filter(isObject).map((d) => ({
    id: typeof d.id === 'string' && d.id ? d.id : undefined,
    name: typeof d.name === 'string' ? d.name : '',
    type: typeof d.type === 'string' ? d.type : '',
    active: d.is_active === true,
    restricted: d.is_restricted === true,
  }));
}

/** The body of PUT /me/player/play. */
export function playBody(request: PlayRequest): Json {
  if ('uris' in request) return { uris: [...request.uris] };
  return request.offset ? { context_uri: request.contextUri, offset: { ...request.offset } } : { context_uri: request.contextUri };
}

function deviceQuery(deviceId: string | undefined): string {
  return deviceId ? `?device_id=${encodeURIComponent(deviceId)}` : '';
}

/** `device_id` after other parameters. */
function deviceParam(deviceId: string | undefined): string {
  return deviceId ? `&device_id=${encodeURIComponent(deviceId)}` : '';
}

/** The player endpoints (Premium): every command on the device named, or the active one. */
export class PlayerApi {
  constructor(private readonly client: SpotifyClient) {}

  /** While Spotify holds this app's requests after a 429: until when. The controls drop presses until then. */
  get rateLimit(): RateLimitWindow | undefined {
    return this.client.gate.rateLimit;
  }

  async nowPlaying(options: RequestOptions = {}): Promise<NowPlaying> {
    return normalizeNowPlaying(await this.client.getJson('/me/player', options));
  }

  async devices(options: RequestOptions = {}): Promise<PlayerDevice[]> {
    return normalizeDevices(await this.client.getJson('/me/player/devices', options));
  }

  // The PUTs set a state (playing this, paused, on that device): sending one twice after a 5xx is
  // harmless. The POSTs step (next, queue): once only.
  async play(request: PlayRequest, deviceId?: string): Promise<void> {
    await this.client.sendJson('PUT', `/me/player/play${deviceQuery(deviceId)}`, playBody(request), { repeatable: true });
  }

  async resume(deviceId?: string): Promise<void> {
    await this.client.sendJson('PUT', `/me/player/play${deviceQuery(deviceId)}`, undefined, { repeatable: true });
  }

  async pause(deviceId?: string): Promise<void> {
    await this.client.sendJson('PUT', `/me/player/pause${deviceQuery(deviceId)}`, undefined, { repeatable: true });
  }

  async next(deviceId?: string): Promise<void> {
    await this.client.sendJson('POST', `/me/player/next${deviceQuery(deviceId)}`, undefined);
  }

  async previous(deviceId?: string): Promise<void> {
    await this.client.sendJson('POST', `/me/player/previous${deviceQuery(deviceId)}`, undefined);
  }

  async addToQueue(uri: string, deviceId?: string): Promise<void> {
    await this.client.sendJson('POST', `/me/player/queue?uri=${encodeURIComponent(uri)}${deviceParam(deviceId)}`, undefined);
  }

  async queue(options: RequestOptions = {}): Promise<PlayerQueue> {
    return normalizeQueue(await this.client.getJson('/me/player/queue', options));
  }

  /** The last plays, newest first; `after` (Unix ms) asks only for newer ones. */
  async recentlyPlayed(request: { readonly after?: number; readonly limit: number }, options: RequestOptions = {}): Promise<RecentlyPlayed> {
    const limit = Math.min(MAX_RECENTLY_PLAYED, Math.max(1, Math.round(request.limit)));
    const after = request.after !== undefined ? `&after=${Math.floor(request.after)}` : '';
    return normalizeRecentlyPlayed(await this.client.getJson(`/me/player/recently-played?limit=${limit}${after}`, options));
  }

  async setShuffle(state: boolean, deviceId?: string): Promise<void> {
    await this.client.sendJson('PUT', `/me/player/shuffle?state=${state}${deviceParam(deviceId)}`, undefined, { repeatable: true });
  }

  async setRepeat(mode: RepeatMode, deviceId?: string): Promise<void> {
    await this.client.sendJson('PUT', `/me/player/repeat?state=${mode}${deviceParam(deviceId)}`, undefined, { repeatable: true });
  }

  /** To an absolute position, so sending it twice is harmless. */
  async seek(positionMs: number, deviceId?: string): Promise<void> {
    await this.client.sendJson('PUT', `/me/player/seek?position_ms=${Math.max(0, Math.round(positionMs))}${deviceParam(deviceId)}`, undefined, { repeatable: true });
  }

  /** Some devices refuse (403 VOLUME_CONTROL_DISALLOW): a ForbiddenError with reason `volumeControlDisallowed`. */
  async setVolume(percent: number, deviceId?: string): Promise<void> {
    const volume = Math.min(100, Math.max(0, Math.round(percent)));
    await this.client.sendJson('PUT', `/me/player/volume?volume_percent=${volume}${deviceParam(deviceId)}`, undefined, { repeatable: true });
  }

  /** Moves playback to the device; `play` starts it there. */
  async transfer(deviceId: string, play: boolean): Promise<void> {
    await this.client.sendJson('PUT', '/me/player', { device_ids: [deviceId], play }, { repeatable: true });
  }
}

function artistNames(artists: unknown): string {
  return Array.isArray(artists) ? artists.filter(isObject).map((a) => (typeof a.name === 'string' ? a.name : '')).filter(Boolean).join(', ') : '';
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
