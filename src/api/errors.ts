import { l10n } from '../common/l10n';
import { describeRateLimit } from './rateLimitWords';

/**
 * Errors as types a caller can act on. The API layer throws only these; the views turn them into
 * words on the node where they happened (see views/errorPresentation.ts).
 */
export abstract class SpotifyError extends Error {
  abstract readonly kind: string;
  /** Whether trying the same thing again later can succeed without the user changing anything. */
  abstract readonly retryable: boolean;
}

/** There is no session: the user has to sign in. */
export class NotSignedInError extends SpotifyError {
  readonly kind = 'notSignedIn';
  readonly retryable = false;
  constructor(message = l10n.t('Not signed in to Spotify.')) {
    super(message);
  }
}

/** The session can no longer be refreshed (invalid_grant, or a second 401): sign in again. */
export class SessionExpiredError extends SpotifyError {
  readonly kind = 'sessionExpired';
  readonly retryable = false;
  constructor(message = l10n.t('Your Spotify sign-in has ended. Sign in again.')) {
    super(message);
  }
}

/**
 * premiumRequired: the app's owner lacks Premium (everything fails); premiumAccountRequired: the user
 * lacks it (playback fails); volumeControlDisallowed: the device playing forbids changing its volume;
 * playerRestricted: the player refused a command on the device playing now (an ad, a device that
 * allows no remote control).
 */
export type ForbiddenReason = 'notOwned' | 'premiumRequired' | 'premiumAccountRequired' | 'volumeControlDisallowed' | 'playerRestricted' | 'userNotRegistered' | 'endpointRemoved' | 'insufficientScope' | 'other';

export class ForbiddenError extends SpotifyError {
  readonly kind = 'forbidden';
  readonly retryable = false;
  constructor(readonly reason: ForbiddenReason, message: string) {
    super(message);
  }
}

/** The session lacks a permission (scope) this list needs: Grant Access asks for it, the session stays. */
export class MissingScopeError extends ForbiddenError {
  constructor(readonly scopes: readonly string[], message = l10n.t('Spotify has not allowed this app to read this yet.')) {
    super('insufficientScope', message);
  }
}

export class NotFoundError extends SpotifyError {
  readonly kind = 'notFound';
  readonly retryable = false;
  /** True when the endpoint itself does not exist on this server (not the resource). */
  constructor(message = l10n.t('Spotify could not find it.'), readonly endpointMissing = false) {
    super(message);
  }
}

/** A player command with no device to play on (404 NO_ACTIVE_DEVICE): the user picks one. */
export class NoActiveDeviceError extends NotFoundError {
  constructor(message = l10n.t('No Spotify device is active.')) {
    super(message);
  }
}

/** Rate limited (or quota used up) until `retryAt` (epoch ms); the words say until when, as the view does. */
export class RateLimitedError extends SpotifyError {
  readonly kind = 'rateLimited';
  readonly retryable = true;
  constructor(readonly retryAt: number, readonly quotaExceeded: boolean, message = describeRateLimit(retryAt, quotaExceeded).node) {
    super(message);
  }
}

/** No answer: offline, DNS, connection dropped, or the request timed out. */
export class NetworkError extends SpotifyError {
  readonly kind = 'network';
  readonly retryable = true;
  constructor(message: string, readonly cause?: unknown) {
    super(message);
  }
}

/** Spotify answered 5xx (after the client's own retries). */
export class ServerError extends SpotifyError {
  readonly kind = 'server';
  readonly retryable = true;
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Spotify answered something the extension could not read (malformed JSON, wrong shape, unexpected status). */
export class BadResponseError extends SpotifyError {
  readonly kind = 'badResponse';
  readonly retryable = true;
  constructor(message = l10n.t('Spotify sent a response the extension could not read.'), readonly status?: number) {
    super(message);
  }
}

/** The request was cancelled because its result is no longer wanted (refresh, collapse, sign-out). */
export class CancelledError extends SpotifyError {
  readonly kind = 'cancelled';
  readonly retryable = false;
  constructor() {
    super(l10n.t('Cancelled.'));
  }
}

export function isSpotifyError(error: unknown): error is SpotifyError {
  return error instanceof SpotifyError;
}
