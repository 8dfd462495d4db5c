import { BadResponseError, CancelledError, ForbiddenError, MissingScopeError, SpotifyError } from '../api/errors';
import type { RequestLane } from '../api/requestGate';
import type { RequestOptions } from '../api/spotifyClient';
import { Emitter, type Event } from '../common/emitter';
import type { Logger } from '../common/logger';
import { RECENTLY_PLAYED_SCOPE } from '../common/sections';
import type { RecentlyPlayedSource, RecentPlayRow } from '../views/nodes/recentlyPlayedNode';
import type { RecentlyPlayed, RecentPlay } from './playerApi';
import { mergeRecentPlays, newestPlayedAt, playKey, RECENT_PLAYS_KEPT, trackOfPlay } from './recentPlays';

/** What the history needs of the session: whose plays, and whether Spotify allowed reading them. */
export interface HistoryAccess {
  readonly currentAccountId: string | undefined;
  missingScopes(scopes: readonly string[]): string[];
  readonly onDidChangeAccess: Event<void>;
}

/** What the history reads from: PlayerApi's recentlyPlayed. */
export interface RecentlyPlayedReader {
  recentlyPlayed(request: { readonly after?: number; readonly limit: number }, options?: RequestOptions): Promise<RecentlyPlayed>;
}

/**
 * The user's last 50 plays, newest first, as Recently Played shows them. It asks Spotify only when
 * told to (the view decides when: expanded and visible), and then only for plays after the newest
 * it has: an unchanged history costs one small request. Never cached on disk, never indexed or backed up.
 */
export class RecentlyPlayedHistory implements RecentlyPlayedSource {
  readonly #changed = new Emitter<void>();
  readonly onDidChange = this.#changed.event;
  readonly #player: RecentlyPlayedReader;
  readonly #access: HistoryAccess;
  readonly #logger: Logger;
  readonly #subscription: { dispose(): void };
  #plays: readonly RecentPlay[] = [];
  #rows: readonly RecentPlayRow[] = [];
  #accountId: string | undefined;
  #loaded = false;
  #error: SpotifyError | undefined;
  #askedAt: number | undefined;
  #asking: Promise<void> | undefined;
  /** Bumped by a reset: an answer for the account before it is dropped. */
  #generation = 0;
  /** Requests made, for the log and the tests. */
  requests = 0;

  constructor(player: RecentlyPlayedReader, access: HistoryAccess, logger: Logger) {
    this.#player = player;
    this.#access = access;
    this.#logger = logger;
    this.#subscription = access.onDidChangeAccess(() => this.#accessChanged());
  }

  get rows(): readonly RecentPlayRow[] {
    return this.#rows;
  }

  /** Spotify answered at least once for this account. */
  get isLoaded(): boolean {
    return this.#loaded;
  }

  get isLoading(): boolean {
    return this.#asking !== undefined;
  }

  /** Why the last ask failed; cleared by the next that succeeds. */
  get error(): SpotifyError | undefined {
    return this.#error;
  }

  /** When the last ask was made (Unix ms); undefined before the first. */
  get askedAt(): number | undefined {
    return this.#askedAt;
  }

  /**
   * Asks Spotify for the plays after the newest known (all 50 the first time) and merges them on
   * top. One ask at a time: a second call while one runs gets the same. Never rejects.
   */
  ask(lane: RequestLane = 'background'): Promise<void> {
    this.#asking ??= this.#askOnce(lane).finally(() => {
      this.#asking = undefined;
    });
    return this.#asking;
  }

  async #askOnce(lane: RequestLane): Promise<void> {
    const accountId = this.#access.currentAccountId;
    if (!accountId) return;
    if (accountId !== this.#accountId) this.#forget(accountId);
    const generation = this.#generation;
    this.#askedAt = Date.now();
    const missing = this.#access.missingScopes([RECENTLY_PLAYED_SCOPE]);
    if (missing.length > 0) {
      // Known missing: no request Spotify would refuse.
      this.#fail(new MissingScopeError(missing));
      return;
    }
    try {
      const after = this.#loaded ? newestPlayedAt(this.#plays) : undefined;
      let answer = await this.#read(after, lane);
      if (generation !== this.#generation) return;
      let merged = mergeRecentPlays(this.#plays, answer.plays);
      if (after !== undefined && merged.gap) {
        // More new plays than one page: the newest 50 replace what was known.
        answer = await this.#read(undefined, lane);
        if (generation !== this.#generation) return;
        merged = mergeRecentPlays([], answer.plays);
      }
      const changed = !this.#loaded || this.#error !== undefined || merged.plays.length !== this.#plays.length || merged.plays.some((play, i) => playKey(play) !== playKey(this.#plays[i]));
      this.#loaded = true;
      this.#error = undefined;
      if (changed) this.#setPlays(merged.plays);
      // Unchanged: the rows stay the same objects, and the view is still told (its "min. ago" words move on).
      this.#changed.fire();
    } catch (error) {
      if (generation !== this.#generation || error instanceof CancelledError) return;
      if (error instanceof ForbiddenError && error.reason === 'insufficientScope' && !(error instanceof MissingScopeError)) return this.#fail(new MissingScopeError([RECENTLY_PLAYED_SCOPE]));
      this.#logger.warn(`[recent] reading the recently played songs failed: ${error instanceof SpotifyError ? error.kind : String(error)}`);
      this.#fail(error instanceof SpotifyError ? error : new BadResponseError(String(error)));
    }
  }

  #read(after: number | undefined, lane: RequestLane): Promise<RecentlyPlayed> {
    this.requests++;
    return this.#player.recentlyPlayed({ after, limit: RECENT_PLAYS_KEPT }, { lane });
  }

  #fail(error: SpotifyError): void {
    this.#error = error;
    this.#changed.fire();
  }

  #setPlays(plays: readonly RecentPlay[]): void {
    this.#plays = plays;
    this.#rows = plays.map((play) => ({ key: playKey(play), track: trackOfPlay(play), playedAt: play.playedAt, contextUri: play.contextUri }));
  }

  /** Another account's plays are not this one's; a permission granted clears its message (the view asks again when shown). */
  #accessChanged(): void {
    const accountId = this.#access.currentAccountId;
    if (accountId !== this.#accountId) {
      this.#forget(accountId);
      this.#changed.fire();
    } else if (this.#error instanceof MissingScopeError && this.#access.missingScopes(this.#error.scopes).length === 0) {
      this.#error = undefined;
      this.#changed.fire();
    }
  }

  #forget(accountId: string | undefined): void {
    this.#generation++;
    this.#accountId = accountId;
    this.#plays = [];
    this.#rows = [];
    this.#loaded = false;
    this.#error = undefined;
    this.#askedAt = undefined;
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#changed.dispose();
  }
}
