/**
 * The guided setup of the user's own Spotify app (Spotify gives no shared Client ID to this kind
 * of extension), as two steps of one quick input: a pick that explains and acts (open the
 * dashboard, copy the redirect URI to register), then the validated Client ID box.
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../common/config';
import { clientIdProblem } from './spotifyOAuth';

export const SPOTIFY_DASHBOARD_URL = 'https://developer.spotify.com/dashboard';
/** The setup's title (both steps); worded when read, after VS Code's translations are in place. */
export function clientIdSetupTitle(): string {
  return vscode.l10n.t('Set Up Spotify Client ID');
}

export interface ClientIdSetupOptions {
  /** The redirect URIs the app must list, the one this window uses first (at most two). */
  redirectUris: readonly string[];
  currentClientId: string;
  /** The setup runs because a sign-in needs it: the words say so. */
  beforeSignIn: boolean;
}

type SetupAction = 'dashboard' | 'copy' | 'copySecond' | 'who' | 'why' | 'enter';

interface SetupItem extends vscode.QuickPickItem {
  action: SetupAction;
}

/** Which redirect URI is on the clipboard (an index into redirectUris), if one was copied. */
interface SetupProgress {
  copied: number | undefined;
}

const BACK = Symbol('back');

/** Walks the user through creating a Spotify app; resolves with the saved Client ID, or undefined when dismissed. */
export async function runClientIdSetup(options: ClientIdSetupOptions): Promise<string | undefined> {
  const progress: SetupProgress = { copied: undefined };
  for (;;) {
    if ((await explainStep(options, progress)) !== 'enter') return undefined;
    const entered = await clientIdStep(options, progress.copied);
    if (entered === BACK) continue;
    if (!entered) return undefined;
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update('clientId', entered, vscode.ConfigurationTarget.Global);
    return entered;
  }
}

/** Details are one line each in the pick (about 80 characters show): one fact per item. */
function setupItems(redirectUris: readonly string[], copied: number | undefined): SetupItem[] {
  const [redirectUri, second] = redirectUris;
  const secondItems: SetupItem[] = second
    ? [
        {
          action: 'copySecond',
          label: second.startsWith('http://127.0.0.1')
            ? vscode.l10n.t('$(copy) Copy the redirect URI for desktop windows')
            : vscode.l10n.t('$(copy) Copy the redirect URI for remote and web windows'),
          description: second,
          detail:
            copied === 1
              ? vscode.l10n.t('$(check) Copied. Add this one too, so every kind of VS Code window can sign in.')
              : vscode.l10n.t('Add this one too, so every kind of VS Code window can sign in.'),
        },
      ]
    : [];
  return [
    {
      action: 'dashboard',
      label: vscode.l10n.t('$(link-external) Open the Spotify Dashboard'),
      description: vscode.l10n.t('also copies the redirect URI'),
      detail: vscode.l10n.t('Create app (any name and description), tick Web API, accept the terms and save.'),
    },
    {
      action: 'copy',
      label: vscode.l10n.t('$(copy) Copy the redirect URI'),
      description: redirectUri,
      detail:
        copied === 0
          ? vscode.l10n.t('$(check) Copied. Add exactly this under Redirect URIs in the app’s settings.')
          : vscode.l10n.t('Add exactly this under Redirect URIs in the app’s settings.'),
    },
    ...secondItems,
    {
      action: 'who',
      label: vscode.l10n.t('$(info) Who can sign in'),
      detail: vscode.l10n.t('The app’s owner needs Premium; add others under Users and Access (up to 5).'),
    },
    {
      action: 'why',
      label: vscode.l10n.t('$(question) Why your own app'),
      detail: vscode.l10n.t('Spotify lets each person use its Web API through an app they register.'),
    },
    {
      action: 'enter',
      label: vscode.l10n.t('$(key) Enter the Client ID…'),
      detail: vscode.l10n.t('The Client ID names your app: copy it from the app’s page in the dashboard.'),
    },
  ];
}

/** Step 1: what to create and register. The acting items keep the pick open; resolves 'enter' to go on. */
function explainStep(options: ClientIdSetupOptions, progress: SetupProgress): Promise<'enter' | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<SetupItem>();
    pick.title = clientIdSetupTitle();
    pick.step = 1;
    pick.totalSteps = 2;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.placeholder = options.beforeSignIn
      ? vscode.l10n.t('To sign in, register your own Spotify app (about two minutes) and enter its Client ID')
      : vscode.l10n.t('Register your own Spotify app (about two minutes) and enter its Client ID');
    pick.items = setupItems(options.redirectUris, progress.copied);

    let settled = false;
    let acting = false;
    let hidden = false;
    const listeners: vscode.Disposable[] = [];
    const finish = (result: 'enter' | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(result);
      for (const listener of listeners) listener.dispose();
      pick.dispose();
    };
    const copyRedirectUri = async (index: number): Promise<void> => {
      await vscode.env.clipboard.writeText(options.redirectUris[index]);
      progress.copied = index;
      pick.items = setupItems(options.redirectUris, index);
    };
    const act = async (action: SetupAction): Promise<void> => {
      if (action === 'copy' || action === 'copySecond') {
        await copyRedirectUri(action === 'copy' ? 0 : 1);
      } else if (action === 'dashboard') {
        await copyRedirectUri(0);
        const opened = await vscode.env.openExternal(vscode.Uri.parse(SPOTIFY_DASHBOARD_URL));
        if (!opened) void vscode.window.showWarningMessage(vscode.l10n.t('Could not open the browser: go to {0} yourself.', SPOTIFY_DASHBOARD_URL));
      }
      // 'who' and 'why' only explain: choosing them leaves the pick as it is.
      pick.activeItems = pick.items.filter((item) => item.action === action);
    };

    listeners.push(
      pick.onDidAccept(() => {
        const [item] = pick.activeItems;
        if (!item || acting) return;
        if (item.action === 'enter') {
          finish('enter');
          return;
        }
        acting = true;
        void act(item.action)
          .catch((error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error);
            void vscode.window.showErrorMessage(
              item.action === 'dashboard'
                ? vscode.l10n.t('Could not open the Spotify Dashboard: {0}', reason)
                : vscode.l10n.t('Could not copy the redirect URI: {0}', reason),
            );
          })
          .finally(() => {
            acting = false;
            // The browser or a "leave VS Code?" dialog may have taken the pick away: bring it back.
            if (!settled && hidden) {
              hidden = false;
              pick.show();
            }
          });
      }),
      pick.onDidHide(() => {
        if (acting) hidden = true;
        else finish(undefined);
      }),
    );
    pick.show();
  });
}

/** Step 2: the Client ID, checked as it is typed. Resolves with the trimmed id, BACK, or undefined when dismissed. */
function clientIdStep(options: ClientIdSetupOptions, copied: number | undefined): Promise<string | typeof BACK | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = clientIdSetupTitle();
    box.step = 2;
    box.totalSteps = 2;
    box.ignoreFocusOut = true;
    box.buttons = [vscode.QuickInputButtons.Back];
    const listed = options.redirectUris.map((uri, index) => (copied === index ? vscode.l10n.t('{0} (it is on the clipboard)', uri) : uri));
    box.prompt =
      listed.length > 1
        ? vscode.l10n.t('Paste the Client ID from your app’s page in the Spotify dashboard. The app must list the redirect URIs {0} and {1}.', listed[0], listed[1])
        : vscode.l10n.t('Paste the Client ID from your app’s page in the Spotify dashboard. The app must list the redirect URI {0}.', listed[0] ?? '');
    box.placeholder = vscode.l10n.t('32 hexadecimal characters, e.g. 0a1b2c3d…');
    box.value = options.currentClientId;
    // An empty box is not an error yet; Enter on it says what is missing.
    const check = (value: string): void => {
      box.validationMessage = value.trim() ? clientIdProblem(value) : undefined;
    };
    check(box.value);

    let settled = false;
    const listeners: vscode.Disposable[] = [];
    const finish = (result: string | typeof BACK | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(result);
      for (const listener of listeners) listener.dispose();
      box.dispose();
    };
    listeners.push(
      box.onDidChangeValue(check),
      box.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) finish(BACK);
      }),
      box.onDidAccept(() => {
        const problem = clientIdProblem(box.value);
        if (problem) box.validationMessage = problem;
        else finish(box.value.trim());
      }),
      box.onDidHide(() => finish(undefined)),
    );
    box.show();
  });
}
