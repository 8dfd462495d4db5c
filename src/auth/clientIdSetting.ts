/**
 * The spotifyLibrary.clientId setting as sign-in needs it: checked, set up through the guided
 * setup (clientIdSetup.ts) where it is missing, and mirrored in a context key for the welcome view.
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION, readSettings, type LibrarySettings } from '../common/config';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { runClientIdSetup } from './clientIdSetup';
import { isValidClientId } from './spotifyOAuth';

const CONTEXT_HAS_CLIENT_ID = 'spotifyLibrary:hasClientId';

export class ClientIdSetting extends Disposable {
  readonly #logger: Logger;
  /** The setup names the redirect URIs of the flows this window may sign in with. */
  readonly #redirectUrisToRegister: (settings: LibrarySettings) => string[];

  constructor(logger: Logger, redirectUrisToRegister: (settings: LibrarySettings) => string[]) {
    super();
    this.#logger = logger;
    this.#redirectUrisToRegister = redirectUrisToRegister;
    this.#updateContext();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.clientId`)) this.#updateContext();
      }),
    );
  }

  /** The guided Client ID setup; resolves with the saved id, undefined when dismissed. */
  async setUp(options: { beforeSignIn?: boolean } = {}): Promise<string | undefined> {
    const settings = readSettings();
    const clientId = await runClientIdSetup({
      redirectUris: this.#redirectUrisToRegister(settings),
      currentClientId: settings.clientId,
      beforeSignIn: options.beforeSignIn ?? false,
    });
    if (clientId) {
      this.#logger.info('Client ID saved to the user settings.');
      this.#updateContext(clientId);
    }
    return clientId;
  }

  /** The Client ID to sign in with: the setting when well-formed, else the setup's; CancellationError when dismissed. */
  async ensure(): Promise<string> {
    const { clientId } = readSettings();
    if (isValidClientId(clientId)) return clientId;
    this.#logger.info(clientId ? 'The Client ID setting is malformed; starting the setup.' : 'No Client ID yet; starting the setup.');
    const saved = await this.setUp({ beforeSignIn: true });
    if (!saved) throw new vscode.CancellationError();
    return saved;
  }

  #updateContext(clientId = readSettings().clientId): void {
    void vscode.commands.executeCommand('setContext', CONTEXT_HAS_CLIENT_ID, isValidClientId(clientId));
  }
}
