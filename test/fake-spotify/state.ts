// Everything a test can steer or read: the library, switches, faults, tokens, stats and request log.
// The HTTP control API (/__fake/*) is a thin layer over these methods.
import { BudgetModel, type BudgetModelStats } from './budget';
import { FAKE_CLIENT_ID, FAKE_SCOPES } from './fixtures';
import { generateLibrary, Library, moveProblem, seededRandom, type TrackRef } from './library';
import { generateSections, SectionCounts, Sections } from './sections';
import { FakePlayer } from './player';
import { addSearchCatalog } from './searchCatalog';
import { IssuedSecrets, RefreshMode, TokenResponse, TokenStore } from './tokens';

export interface FakeSwitches {
  /** /authorize redirects with a code at once, without the consent page. */
  autoApprove: boolean;
  /** /authorize answers error=access_denied at once. */
  decline: boolean;
  refreshMode: RefreshMode;
  expiresIn: number;
  /** /playlists/{id}/tracks answers (extended-quota app) and playlists also carry `tracks:{href,total}`. */
  legacyTracksAlias: boolean;
  /** Playlists carry `tracks:{href,total}` (one fixture `tracks:null`) instead of `items`. */
  legacyPlaylistShape: boolean;
  /** A server from before `/items`: `/playlists/{id}/items` is an unknown route (404 "Service not found"), `/tracks` answers. */
  itemsEndpointMissing: boolean;
  /** Offsets in /me/playlists served as `null` (Spotify lists some that way); the total still counts them. */
  nullPlaylistsAt: number[];
  latencyMs: number;
  /** More time a write (any API request but GET) takes before it lands: a read sent after it can be answered first, as on Spotify. */
  writeLatencyMs: number;
  registeredClientIds: string[];
  /** The app lists the stand-in redirect page (`<fake>/redirect`, for https://vscode.dev/redirect) as a redirect URI. */
  redirectPageRegistered: boolean;
  /** Requests arriving this soon after a 429 were already on the wire: answered 429, not counted as ignoring Retry-After. */
  retryAfterGraceMs: number;
}

export interface RateLimitFault {
  /** Sent as Retry-After (0 is allowed: a client must still not retry at once). */
  retryAfterSeconds?: number;
  /** Answer 429 with no Retry-After header at all. */
  omitRetryAfter?: boolean;
  /** How many 429s to send, then stop (absent: no limit). */
  count?: number;
  /** Only every Nth matching request gets a 429. */
  every?: number;
  quotaExceeded?: boolean;
  pathPrefix?: string;
  /** Only requests of this method match (the writes of an import, not the reads around them). */
  method?: string;
  /** The first `after` matching requests pass (a save of several calls that is rate limited halfway). */
  after?: number;
}
export interface ServerErrorFault {
  /** Probability 0..1 per matching request, seeded (absent: 1). */
  rate?: number;
  status?: 500 | 502 | 503;
  count?: number;
  pathPrefix?: string;
  /** The first `after` matching requests pass (a write of several batches that fails halfway). */
  after?: number;
}
/** `count` absent means every matching request until cleared; pathPrefix absent means /v1 only. */
export interface CountFault {
  count?: number;
  pathPrefix?: string;
}
export type ForbiddenFault = 'premiumRequired' | 'userNotRegistered';

export interface FakeFaults {
  rateLimit?: RateLimitFault | null;
  serverErrors?: ServerErrorFault | null;
  malformedJson?: CountFault | null;
  dropConnection?: CountFault | null;
  stall?: CountFault | null;
  missingToken?: { count?: number } | null;
  forbidden?: ForbiddenFault | null;
}

export interface FakeStats {
  requests: number;
  apiRequests: number;
  byRoute: Record<string, number>;
  bytesSent: number;
  tokenRequests: number;
  refreshRequests: number;
  authorizeRequests: number;
  rateLimited: number;
  requestsDuringRetryAfter: number;
  maxConcurrent: number;
  /** The budget model's 429s and escalations (all zero while it is off). */
  budget: BudgetModelStats;
}

export interface LogEntry {
  at: string;
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was dropped or stalled. */
  status: number;
  ms: number;
  bytes: number;
  /** A Web API request's JSON body (writes), so tests can check what was sent and in what batches. */
  body?: unknown;
}

/** What POST /__fake/playlists/{id}/edit does (see FakeState.editPlaylist). */
export interface PlaylistEdit {
  remove?: string[];
  insert?: { uris: string[]; position?: number };
  move?: { rangeStart: number; insertBefore: number; rangeLength?: number };
  /** Who the inserted entries were added by (default the user, as from another device). */
  addedBy?: string;
}

export interface BrowserOpen {
  url: string;
  at: string;
}

/** Section counts (albums, artists, shows, episodes) absent: the defaults given at start. */
export interface ResetOptions extends Partial<SectionCounts> {
  seed?: number;
  liked?: number;
  playlists?: number;
  revokeTokens?: boolean;
}

export interface StateDefaults extends Partial<SectionCounts> {
  seed: number;
  liked: number;
  playlists: number;
  autoApprove: boolean;
  expiresIn: number;
  latencyMs: number;
}

export type FaultAction =
  | { kind: 'drop' }
  | { kind: 'stall' }
  | { kind: 'rateLimit'; retryAfterSeconds: number; quotaExceeded: boolean; omitRetryAfter: boolean }
  | { kind: 'serverError'; status: number };

const LOG_CAP = 100_000;

function zeroStats(): FakeStats {
  return { requests: 0, apiRequests: 0, byRoute: {}, bytesSent: 0, tokenRequests: 0, refreshRequests: 0, authorizeRequests: 0, rateLimited: 0, requestsDuringRetryAfter: 0, maxConcurrent: 0, budget: { rateLimited: 0, escalations: 0, longestRetryAfterSeconds: 0 } };
}

export class FakeState {
  library!: Library;
  /** Saved albums, followed artists, saved shows and episodes. */
  sections!: Sections;
  /** Where the fake serves; set by the server once it listens. */
  baseUrl = '';
  readonly auth: TokenStore;
  /** Spotify's per-app request budget and its escalating 429s; off until configured (/__fake/budget). */
  readonly budget = new BudgetModel();
  /** The account's player: devices, what plays, the queue (/__fake/player). */
  readonly player: FakePlayer = new FakePlayer(this);

  private switchValues!: FakeSwitches;
  private faultValues: FakeFaults = {};
  private faultRandom!: () => number;
  private rateLimitSeen = 0;
  private retryUntil = 0;
  private rateLimitedAt = 0;
  private statValues = zeroStats();
  private inFlight = 0;
  private logEntries: LogEntry[] = [];
  private opens: BrowserOpen[] = [];

  constructor(private readonly defaults: StateDefaults) {
    this.auth = new TokenStore(() => this.switchValues);
    this.reset();
  }

  get apiUrl(): string {
    return `${this.baseUrl}/v1`;
  }

  /** Regenerates the library; clears faults, stats, log and browser opens; switches back to defaults. */
  reset(options: ResetOptions = {}): void {
    const d = this.defaults;
    const seed = options.seed ?? d.seed;
    this.library = generateLibrary({ seed, liked: options.liked ?? d.liked, playlists: options.playlists ?? d.playlists });
    addSearchCatalog(this.library);
    this.sections = generateSections(seed, { albums: options.albums ?? d.albums, artists: options.artists ?? d.artists, shows: options.shows ?? d.shows, episodes: options.episodes ?? d.episodes });
    this.switchValues = {
      autoApprove: d.autoApprove,
      decline: false,
      refreshMode: 'omit',
      expiresIn: d.expiresIn,
      legacyTracksAlias: false,
      legacyPlaylistShape: false,
      itemsEndpointMissing: false,
      nullPlaylistsAt: [],
      latencyMs: d.latencyMs,
      writeLatencyMs: 0,
      registeredClientIds: [FAKE_CLIENT_ID],
      redirectPageRegistered: true,
      retryAfterGraceMs: 100,
    };
    this.faultRandom = seededRandom(seed, 0xfa017);
    this.clearFaults();
    this.budget.reset();
    this.player.reset();
    this.statValues = zeroStats();
    this.logEntries = [];
    this.opens = [];
    if (options.revokeTokens) this.auth.revokeAll();
  }

  switches(): FakeSwitches {
    return { ...this.switchValues, registeredClientIds: [...this.switchValues.registeredClientIds], nullPlaylistsAt: [...this.switchValues.nullPlaylistsAt] };
  }

  configure(patch: Partial<FakeSwitches>): FakeSwitches {
    const known = Object.keys(this.switchValues);
    for (const [key, value] of Object.entries(patch)) {
      if (!known.includes(key)) throw new Error(`unknown switch ${key}`);
      const current = (this.switchValues as unknown as Record<string, unknown>)[key];
      if (value !== undefined && typeof value !== typeof current) throw new Error(`${key} must be a ${typeof current}`);
      if (key === 'nullPlaylistsAt' && !(Array.isArray(value) && value.every((at) => typeof at === 'number' && Number.isInteger(at) && at >= 0))) throw new Error('nullPlaylistsAt must be an array of offsets');
      if (key === 'refreshMode' && !['rotate', 'omit', 'invalid_grant'].includes(value as string)) throw new Error('refreshMode must be rotate, omit or invalid_grant');
      if (value !== undefined) (this.switchValues as unknown as Record<string, unknown>)[key] = value;
    }
    return this.switches();
  }

  faults(): FakeFaults {
    return JSON.parse(JSON.stringify(this.faultValues)) as FakeFaults;
  }

  /** Merges per kind: a kind given replaces that fault, null removes it. */
  setFaults(patch: FakeFaults): FakeFaults {
    const known = ['rateLimit', 'serverErrors', 'malformedJson', 'dropConnection', 'stall', 'missingToken', 'forbidden'];
    for (const [key, value] of Object.entries(patch) as Array<[string, unknown]>) {
      if (!known.includes(key)) throw new Error(`unknown fault ${key}`);
      const faults = this.faultValues as Record<string, unknown>;
      const spent = typeof value === 'object' && value !== null && 'count' in value && typeof value.count === 'number' && value.count <= 0;
      if (value === null || value === undefined || spent) delete faults[key];
      else faults[key] = typeof value === 'object' ? { ...value } : value;
      if (key === 'rateLimit') this.rateLimitSeen = 0;
    }
    return this.faults();
  }

  /** Removes every fault and closes an open Retry-After window. */
  clearFaults(): void {
    this.faultValues = {};
    this.rateLimitSeen = 0;
    this.retryUntil = 0;
    this.rateLimitedAt = 0;
  }

  expireTokens(): number {
    return this.auth.expireAccessTokens();
  }

  /** A valid token pair without the browser dance. */
  issueTokens(scope = FAKE_SCOPES.join(' '), clientId = FAKE_CLIENT_ID): TokenResponse {
    return this.auth.issue(clientId, scope);
  }

  tokens(): IssuedSecrets {
    return this.auth.secrets();
  }

  like(count: number): { total: number } {
    return { total: this.library.like(Math.max(0, count)) };
  }

  unlike(count: number): { total: number } {
    return { total: this.library.unlike(count) };
  }

  /** Appends entries and gives the playlist a new snapshot_id; undefined for an unknown id. */
  addToPlaylist(id: string, count: number): { snapshot_id: string; total: number } | undefined {
    const p = this.library.append(id, Math.max(0, count));
    return p && { snapshot_id: this.library.snapshotId(p), total: p.entries.length };
  }

  /** Appends these tracks (URIs the library knows) as if the user added them elsewhere; undefined for an unknown playlist or URI. */
  addUrisToPlaylist(id: string, uris: string[]): { snapshot_id: string; total: number } | undefined {
    const p = this.library.playlist(id);
    const refs = uris.map((uri) => this.library.refByUri(uri));
    if (!p || refs.some((ref) => ref === undefined)) return undefined;
    this.library.insertEntries(p, refs as NonNullable<(typeof refs)[number]>[], undefined);
    return { snapshot_id: this.library.snapshotId(p), total: p.entries.length };
  }

  /**
   * Changes a playlist as a collaborator or another device would between a client's read and its
   * write: `remove` (every occurrence), then `insert` (known URIs, at `position` or the end), then
   * `move`. A new snapshot_id; undefined for an unknown playlist; throws on a bad edit.
   */
  editPlaylist(id: string, edit: PlaylistEdit): { snapshot_id: string; total: number } | undefined {
    const lib = this.library;
    const p = lib.playlist(id);
    if (!p) return undefined;
    const { remove, insert, move } = edit;
    if (!remove && !insert && !move) throw new Error('give remove, insert or move');
    const isUris = (uris: unknown): uris is string[] => Array.isArray(uris) && uris.every((uri) => typeof uri === 'string');
    if (remove !== undefined && !isUris(remove)) throw new Error('remove must be an array of URIs');
    if (insert !== undefined && !(typeof insert === 'object' && insert !== null && isUris(insert.uris))) throw new Error('insert must be {uris, position?}');
    const refs = (insert?.uris ?? []).map((uri) => lib.refByUri(uri));
    if (refs.some((ref) => ref === undefined)) throw new Error('insert.uris must be tracks the library knows');
    // Checked up front, so a refused edit changes nothing.
    const sizeBeforeMove = (remove ? p.entries.filter((entry) => !remove.includes(lib.uriOf(entry.ref) ?? '')).length : p.entries.length) + refs.length;
    const position = insert?.position;
    const sizeBeforeInsert = sizeBeforeMove - refs.length;
    if (position !== undefined && !(Number.isInteger(position) && position >= 0 && position <= sizeBeforeInsert)) throw new Error(`insert.position must be 0 to ${sizeBeforeInsert}`);
    if (move) {
      const problem = moveProblem(sizeBeforeMove, move.rangeStart, move.insertBefore, move.rangeLength ?? 1);
      if (problem) throw new Error(`move: ${problem}`);
    }
    if (remove) lib.removeEntries(p, new Set(remove));
    if (insert) lib.insertEntries(p, refs as TrackRef[], position, Date.now(), edit.addedBy);
    if (move) lib.moveEntries(p, move.rangeStart, move.insertBefore, move.rangeLength ?? 1);
    return { snapshot_id: lib.snapshotId(p), total: p.entries.length };
  }

  stats(): FakeStats {
    return { ...this.statValues, byRoute: { ...this.statValues.byRoute }, budget: this.budget.stats() };
  }

  log(): LogEntry[] {
    return this.logEntries.map((e) => ({ ...e, query: { ...e.query } }));
  }

  clearLog(): void {
    this.logEntries = [];
  }

  browserOpens(): BrowserOpen[] {
    return this.opens.map((o) => ({ ...o }));
  }

  recordBrowserOpen(url: string): void {
    this.opens.push({ url, at: new Date().toISOString() });
  }

  clearBrowserOpens(): void {
    this.opens = [];
  }

  // ------------------------------------------------------------ used by the server per request

  countRequest(route: string, kind: 'api' | 'token' | 'authorize' | 'other'): void {
    const s = this.statValues;
    s.requests++;
    s.byRoute[route] = (s.byRoute[route] ?? 0) + 1;
    if (kind === 'api') s.apiRequests++;
    if (kind === 'token') s.tokenRequests++;
    if (kind === 'authorize') s.authorizeRequests++;
  }

  countRefresh(): void {
    this.statValues.refreshRequests++;
  }

  enterApi(): void {
    this.inFlight++;
    this.statValues.maxConcurrent = Math.max(this.statValues.maxConcurrent, this.inFlight);
  }

  leaveApi(): void {
    this.inFlight--;
  }

  record(entry: LogEntry): void {
    this.statValues.bytesSent += entry.bytes;
    this.logEntries.push(entry);
    if (this.logEntries.length > LOG_CAP) this.logEntries.splice(0, this.logEntries.length - LOG_CAP);
  }

  /**
   * Seconds left in the window opened by the last 429 (0 when closed). A request arriving in it counts
   * as ignoring Retry-After, unless it came within the grace period (sent before the client could know).
   */
  retryAfterLeft(now = Date.now()): number {
    if (now >= this.retryUntil) return 0;
    if (now - this.rateLimitedAt >= this.switchValues.retryAfterGraceMs) this.statValues.requestsDuringRetryAfter++;
    return Math.max(1, Math.ceil((this.retryUntil - now) / 1000));
  }

  /** Counts a 429; one from a fault (seconds > 0) opens or extends the Retry-After window. */
  noteRateLimited(retryAfterSeconds: number, now = Date.now()): void {
    this.statValues.rateLimited++;
    if (retryAfterSeconds <= 0) return;
    this.rateLimitedAt = now;
    this.retryUntil = Math.max(this.retryUntil, now + retryAfterSeconds * 1000);
  }

  /** The transport-level fault this request gets, if any (consumes a count). */
  takeFault(path: string, isApi: boolean, method = 'GET'): FaultAction | undefined {
    const f = this.faultValues;
    if (this.consume('dropConnection', path, isApi)) return { kind: 'drop' };
    if (this.consume('stall', path, isApi)) return { kind: 'stall' };
    const rl = f.rateLimit && (!f.rateLimit.method || f.rateLimit.method === method) ? f.rateLimit : undefined;
    if (rl && this.matches(rl.pathPrefix, path, isApi) && rl.after !== undefined && rl.after > 0) rl.after--;
    else if (rl && this.matches(rl.pathPrefix, path, isApi)) {
      this.rateLimitSeen++;
      if (!rl.every || this.rateLimitSeen % rl.every === 0) {
        this.spend('rateLimit');
        return { kind: 'rateLimit', retryAfterSeconds: rl.retryAfterSeconds ?? 1, quotaExceeded: !!rl.quotaExceeded, omitRetryAfter: !!rl.omitRetryAfter };
      }
    }
    const se = f.serverErrors;
    if (se && this.matches(se.pathPrefix, path, isApi) && se.after !== undefined && se.after > 0) {
      se.after--;
      return undefined;
    }
    if (se && this.matches(se.pathPrefix, path, isApi) && this.faultRandom() < (se.rate ?? 1)) {
      this.spend('serverErrors');
      return { kind: 'serverError', status: se.status ?? 500 };
    }
    return undefined;
  }

  takeMalformedJson(path: string, isApi: boolean): boolean {
    return this.consume('malformedJson', path, isApi);
  }

  takeMissingToken(): boolean {
    return this.consume('missingToken', '', true);
  }

  forbidden(): ForbiddenFault | undefined {
    return this.faultValues.forbidden ?? undefined;
  }

  private matches(prefix: string | undefined, path: string, isApi: boolean): boolean {
    return prefix ? path.startsWith(prefix) : isApi;
  }

  private consume(kind: 'dropConnection' | 'stall' | 'malformedJson' | 'missingToken', path: string, isApi: boolean): boolean {
    const fault = this.faultValues[kind] as CountFault | undefined;
    if (!fault || !this.matches(fault.pathPrefix, path, isApi)) return false;
    this.spend(kind);
    return true;
  }

  /** One use of a counted fault; the fault goes away when its count runs out. */
  private spend(kind: 'rateLimit' | 'serverErrors' | 'dropConnection' | 'stall' | 'malformedJson' | 'missingToken'): void {
    const fault = this.faultValues[kind] as { count?: number } | undefined;
    if (!fault || fault.count === undefined) return;
    fault.count--;
    if (fault.count <= 0) delete this.faultValues[kind];
  }
}
