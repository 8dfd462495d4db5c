import type { RequestOptions, SpotifyClient } from '../api/spotifyClient';
import type { PlayerActivity } from './pollSchedule';

/** What plays now, slim: what the status bar and its quick pick show. */
export interface NowPlaying {
  readonly activity: PlayerActivity;
  /** Undefined when Spotify plays something it does not describe (an ad, a private session). */
  readonly item?: {
    readonly uri: string;
    /** `local`: a file on the user's device, not in Spotify's catalog: no Like, no library actions. */
    readonly kind: 'track' | 'episode' | 'local';
    readonly name: string;
    /** Artists joined with ", ", or the show's name. */
    readonly byline: string;
    readonly durationMs?: number;
  };
  readonly progressMs?: number;
  readonly deviceName?: string;
  readonly contextUri?: string;
}

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
  const raw = body.item;
  const isLocal = raw.is_local === true || (typeof raw.uri === 'string' && raw.uri.startsWith('spotify:local:'));
  const kind: 'track' | 'episode' | 'local' | undefined = isLocal ? 'local' : raw.type === 'episode' ? 'episode' : raw.type === 'track' ? 'track' : undefined;
  const item =
    kind && typeof raw.uri === 'string' && typeof raw.name === 'string'
      ? {
          uri: raw.uri,
          kind,
          name: raw.name,
          byline: kind === 'episode' ? (isObject(raw.show) && typeof raw.show.name === 'string' ? raw.show.name : '') : artistNames(raw.artists),
          durationMs: typeof raw.duration_ms === 'number' ? raw.duration_ms : undefined,
        }
      : undefined;
  const device = isObject(body.device) && typeof body.device.name === 'string' ? body.device.name : undefined;
  const contextUri = isObject(body.context) && typeof body.context.uri === 'string' ? body.context.uri : undefined;
  return {
    activity: body.is_playing === true ? 'playing' : 'paused',
    item,
    progressMs: typeof body.progress_ms === 'number' ? body.progress_ms : undefined,
    deviceName: device,
    contextUri,
  };
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

/** The player endpoints (Premium): every command on the device named, or the active one. */
export class PlayerApi {
  constructor(private readonly client: SpotifyClient) {}

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
    const device = deviceId ? `&device_id=${encodeURIComponent(deviceId)}` : '';
    await this.client.sendJson('POST', `/me/player/queue?uri=${encodeURIComponent(uri)}${device}`, undefined);
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
