/**
 * Why an interactive sign-in failed, in words the user can act on. Node-only (no vscode), so the
 * classification of Spotify's answers is unit-tested; the provider turns `reason` into buttons.
 */
import { l10n } from '../common/l10n';

export type SignInFailureReason =
  | 'declined'
  | 'authorizeError'
  | 'invalidClientId'
  | 'redirectUriNotRegistered'
  | 'portInUse'
  | 'cannotListen'
  | 'userNotRegistered'
  | 'premiumRequired'
  | 'timedOut'
  | 'tokenExchangeFailed'
  | 'profileFailed'
  | 'network'
  | 'notSaved';

export class SignInError extends Error {
  constructor(
    readonly reason: SignInFailureReason,
    message: string,
    /** The redirect URI the user has to register, where the failure is about it. */
    readonly redirectUriToRegister?: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** The user stopped the sign-in (closed the input, declined to open the browser) or it was aborted. */
export class SignInCancelledError extends Error {
  constructor() {
    super(l10n.t('Sign-in was cancelled.'));
    this.name = 'SignInCancelledError';
  }
}

export const SIGN_IN_TIMEOUT_MINUTES = 5;

export const signInErrors = {
  declined: () =>
    new SignInError(
      'declined',
      l10n.t('Sign-in was declined in the browser. To use Library for Spotify, sign in again and choose Agree on the Spotify page.'),
    ),

  authorizeError: (error: string, description?: string) =>
    new SignInError(
      'authorizeError',
      description ? l10n.t('Spotify stopped the sign-in: {0} ({1}).', error, description) : l10n.t('Spotify stopped the sign-in: {0}.', error),
    ),

  invalidClientId: (clientId: string) =>
    new SignInError(
      'invalidClientId',
      l10n.t('Spotify does not know the Client ID "{0}". Copy the Client ID from your app\'s page in the Spotify dashboard and set it again.', clientId),
    ),

  redirectUriNotRegistered: (redirectUri: string) =>
    new SignInError(
      'redirectUriNotRegistered',
      l10n.t('Your Spotify app does not list the redirect URI {0}. In the Spotify dashboard, open your app, choose Edit, add exactly {0} under Redirect URIs and save.', redirectUri),
      redirectUri,
    ),

  portInUse: (port: number) =>
    new SignInError(
      'portInUse',
      l10n.t(
        'Port {0} (setting spotifyLibrary.redirectPort) is already in use, so VS Code cannot receive the sign-in. Set spotifyLibrary.redirectPort to 0 to use any free port (register http://127.0.0.1/callback in your Spotify app), or choose another port and register http://127.0.0.1:PORT/callback.',
        port,
      ),
    ),

  cannotListen: (port: number, code: string) =>
    new SignInError(
      'cannotListen',
      l10n.t('VS Code could not listen on 127.0.0.1 port {0} for the sign-in ({1}). Change the setting spotifyLibrary.redirectPort, or set it to 0 to use any free port.', port, code),
    ),

  userNotRegistered: () =>
    new SignInError(
      'userNotRegistered',
      l10n.t(
        "Spotify refused this account because it is not on your Spotify app's allowlist. In the Spotify dashboard, open your app, go to Users and Access (User Management) and add the name and email of the Spotify account you sign in with (Development Mode allows 5 users).",
      ),
    ),

  premiumRequired: () =>
    new SignInError(
      'premiumRequired',
      l10n.t(
        'Spotify refused the sign-in because the owner of this Spotify app (the account that created the Client ID) does not have Spotify Premium, which Development Mode apps require. After subscribing it can take a few hours until Spotify notices.',
      ),
    ),

  timedOut: (redirectUri: string) =>
    new SignInError(
      'timedOut',
      l10n.t('Sign-in did not finish within {0} minutes. If the browser showed an error, check that your Spotify app lists exactly this redirect URI: {1}', SIGN_IN_TIMEOUT_MINUTES, redirectUri),
      redirectUri,
    ),

  tokenExchangeFailed: (error: string, description?: string) =>
    new SignInError(
      'tokenExchangeFailed',
      description
        ? l10n.t('Spotify did not accept the sign-in: {0} ({1}). Try signing in again.', error, description)
        : l10n.t('Spotify did not accept the sign-in: {0}. Try signing in again.', error),
    ),

  profileFailed: (detail: string) =>
    new SignInError('profileFailed', l10n.t('Signed in, but Spotify did not return your profile: {0}. Try signing in again.', detail)),

  network: (host: string, detail: string) =>
    new SignInError('network', l10n.t('Could not reach Spotify ({0}): {1}. Check the connection and try again.', host, detail)),

  notSaved: (detail: string) =>
    new SignInError(
      'notSaved',
      l10n.t(
        'Spotify accepted the sign-in, but VS Code could not save it in its secret storage ({0}), so you are still signed out. Try again; if it keeps failing, check that your system keychain is unlocked.',
        detail,
      ),
    ),
};

/**
 * Reads the accounts service's answer to the authorize URL (fetched before the browser opens).
 * Spotify answers 400 with a page naming the problem; anything else means "go ahead".
 */
export function classifyAuthorizePreflight(
  status: number,
  body: string,
  clientId: string,
  redirectUriToRegister: string,
): SignInError | undefined {
  if (status !== 400) return undefined;
  // Checked first: Spotify's page says "INVALID_CLIENT: Invalid redirect URI" for this one too.
  if (/invalid redirect uri/i.test(body)) return signInErrors.redirectUriNotRegistered(redirectUriToRegister);
  if (/invalid_client|invalid client/i.test(body)) return signInErrors.invalidClientId(clientId);
  return undefined;
}

/** A 403 from `GET /me` right after the token exchange: the app's Development Mode rules. */
export function classifyProfileForbidden(body: string): SignInError {
  if (/premium/i.test(body)) return signInErrors.premiumRequired();
  if (/not be registered|not registered|user management|allowlist/i.test(body)) return signInErrors.userNotRegistered();
  return signInErrors.profileFailed(`403 Forbidden${summarize(body)}`);
}

/** `?error=...` on the redirect: the user declined, or Spotify refused the request. */
export function classifyCallbackError(error: string, description?: string): SignInError {
  if (error === 'access_denied') return signInErrors.declined();
  return signInErrors.authorizeError(error, description);
}

function summarize(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text ? `: ${text.slice(0, 200)}` : '';
}
