/**
 * The loopback flow: Node-only (an HTTP server on 127.0.0.1), so the web build leaves it out
 * (platformFlows.web.ts).
 */
import type { SignInFlow } from './flows';
import { startLoopbackServer } from './loopbackServer';
import { redirectUriFor } from './spotifyOAuth';
import { l10n } from '../common/l10n';

/** The browser comes back to a one-shot server on 127.0.0.1: works where both run on one machine. */
export const loopbackFlow: SignInFlow = {
  kind: 'loopback',
  get waitingMessage() {
    return l10n.t('Approve the sign-in in your browser…');
  },
  async authorize(attempt) {
    const server = await startLoopbackServer({
      port: attempt.redirectPort,
      expectedState: attempt.state,
      signal: attempt.signal,
      redirectUriToRegister: redirectUriFor(attempt.redirectPort),
      logger: attempt.logger,
    });
    try {
      // With port 0 Spotify matches the port-less registration, whatever port the server got.
      await attempt.openAuthorizePage(server.redirectUri, redirectUriFor(attempt.redirectPort));
      const code = await server.authorizationCode;
      return { code, redirectUri: server.redirectUri, reportOutcome: (outcome) => server.finish(outcome) };
    } catch (error) {
      server.close();
      throw error;
    }
  },
};
