// The workbench's own UI as a user meets it: notifications, the quick input (QuickPick and
// InputBox) and keys, read and answered through the harness (Playwright on the workbench page, in
// the code-server launcher: /__fake/harness/*), and the extension's Output log. Nothing in
// `vscode` is replaced.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchDialog, WorkbenchNotification, WorkbenchQuickInput, WorkbenchStatusBarEntry } from '../../fake-spotify/control';
import { delay, fakeUrl } from './fake';

export type { WorkbenchDialog, WorkbenchNotification, WorkbenchQuickInput };

async function harness(route: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fakeUrl}/__fake/harness/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function harnessOk<T>(route: string, body?: unknown): Promise<T> {
  const answer = await harness(route, body);
  if (answer.status !== 200) throw new Error(`harness ${route}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

/** True under the code-server launcher, whose harness drives the workbench UI; the desktop launcher has none. */
export async function workbenchUiAvailable(): Promise<boolean> {
  if (!fakeUrl) return false;
  return (await harness('quick-input-state')).status !== 501;
}

export const workbench = {
  /** The notifications shown, newest first; with `waitFor`, waits for one whose message contains it (and throws if none comes). */
  notifications: (waitFor?: string, timeoutMs?: number) => harnessOk<WorkbenchNotification[]>('notifications', { waitFor, timeoutMs }),

  /** Clicks a button of the notification whose message contains `message`. */
  clickNotificationButton: (message: string, button: string) => harnessOk('click-notification-button', { message, button }),

  /** Dismisses every notification (the workbench's "Clear All Notifications"). */
  clearNotifications: () => vscode.commands.executeCommand('notifications.clearAll'),

  /** The quick input shown now, or undefined. */
  async quickInput(): Promise<WorkbenchQuickInput | undefined> {
    const answer = await harness('quick-input-state', { timeoutMs: 0 });
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new Error(`harness quick-input-state: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as WorkbenchQuickInput;
  },

  /** Waits until a quick input is shown that `matches` accepts; the error names the last one seen. */
  async waitForQuickInput(matches: (shown: WorkbenchQuickInput) => boolean, what: string, timeoutMs = 10_000): Promise<WorkbenchQuickInput> {
    const deadline = Date.now() + timeoutMs;
    let last: WorkbenchQuickInput | undefined;
    for (;;) {
      last = await workbench.quickInput();
      if (last && matches(last)) return last;
      if (Date.now() > deadline) throw new Error(`no quick input ${what}; shown: ${JSON.stringify(last ?? null)}`);
      await delay(50);
    }
  },

  /** Waits until no quick input is shown. */
  async waitForNoQuickInput(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let shown: WorkbenchQuickInput | undefined;
    while ((shown = await workbench.quickInput())) {
      if (Date.now() > deadline) throw new Error(`a quick input is still shown: ${JSON.stringify(shown)}`);
      await delay(50);
    }
  },

  /** Types `text` into the quick input in place of its value; Enter when `accept`. */
  type: (text: string, options: { accept?: boolean } = {}) => harnessOk('quick-input', { text, accept: options.accept === true }),

  /** Enter in the quick input. */
  accept: () => harnessOk('quick-input', { accept: true }),

  /** Clicks the QuickPick row with this label (without its $(icon)). */
  pick: (label: string) => harnessOk('quick-input', { pick: label }),

  /** Clicks the item button `button` (its tooltip, "Reveal in Library") of the QuickPick row labelled `label`. */
  clickItemButton: (label: string, button: string) => harnessOk('quick-input', { pick: label, button }),

  pressKeys: (...keys: string[]) => harnessOk('keys', { keys }),

  /** Clicks the button or link labelled `label` in the welcome content of the view shown. */
  clickWelcome: (label: string, timeoutMs?: number) => harnessOk('click-welcome', { label, timeoutMs }),

  /** Drags the tree row showing `label` into the active text editor with the mouse, holding Shift unless told not to. */
  dragTreeRowToEditor: (label: string, options: { shift?: boolean; timeoutMs?: number } = {}) => harnessOk('drag-tree-row', { label, ...options }),

  /** Drags the tree row showing `label` onto the row showing `onto` with the mouse. */
  dragTreeRowOntoRow: (label: string, onto: string, timeoutMs?: number) => harnessOk('drag-tree-row-onto', { label, onto, timeoutMs }),

  /** Waits for the workbench's modal dialog and clicks `button` ("Allow"); throws when none comes. */
  answerDialog: (button: string, timeoutMs?: number) => harnessOk<WorkbenchDialog>('dialog', { button, timeoutMs }),

  /** The modal dialog shown, waiting up to `timeoutMs` for one; undefined when none comes. */
  async dialog(timeoutMs = 0): Promise<WorkbenchDialog | undefined> {
    const answer = await harness('dialog', { timeoutMs });
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new Error(`harness dialog: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as WorkbenchDialog;
  },

  /** The status bar's entries shown now. */
  statusBar: () => harnessOk<WorkbenchStatusBarEntry[]>('status-bar'),

  /** The workbench window loses (false) or regains (true) focus, as switching apps does. */
  windowFocus: (focused: boolean) => harnessOk('window-focus', { focused }),

  /** Hides a quick input left open (the workbench's own "close quick open"). */
  closeQuickInput: () => vscode.commands.executeCommand('workbench.action.closeQuickOpen'),
};

/**
 * The extension's Output channel file under code-server's run folder (TMPDIR is <run>/tmp there);
 * undefined elsewhere.
 */
export function extensionLogFile(): string | undefined {
  const logsDir = path.join(process.env.TMPDIR ?? '', '..', 'user-data', 'logs');
  if (!process.env.TMPDIR || !fs.existsSync(logsDir)) return undefined;
  const candidates = fs
    .readdirSync(logsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'Library for Spotify.log')
    .map((file) => path.join(logsDir, file));
  return candidates.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

/** Reads what the extension logs from now on (the log channel writes in batches, so reads wait). */
export class ExtensionLogReader {
  private readonly file: string;
  private readonly start: number;

  private constructor(file: string) {
    this.file = file;
    this.start = fs.statSync(file).size;
  }

  /** Undefined where the log file is not known (not the code-server launcher). */
  static fromNow(): ExtensionLogReader | undefined {
    const file = extensionLogFile();
    return file ? new ExtensionLogReader(file) : undefined;
  }

  lines(): string[] {
    const handle = fs.openSync(this.file, 'r');
    try {
      const size = fs.fstatSync(handle).size;
      const buffer = Buffer.alloc(Math.max(0, size - this.start));
      fs.readSync(handle, buffer, 0, buffer.length, this.start);
      return buffer.toString('utf8').split('\n').filter(Boolean);
    } finally {
      fs.closeSync(handle);
    }
  }

  /**
   * The lines matching `pattern`, once at least one has been written and the log has been quiet
   * for `settleMs` (so a burst of duplicates is counted whole).
   */
  async matching(pattern: RegExp, timeoutMs = 5000, settleMs = 300): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines().some((line) => pattern.test(line))) {
      if (Date.now() > deadline) throw new Error(`the extension never logged ${pattern}; it logged:\n${this.lines().join('\n')}`);
      await delay(100);
    }
    await delay(settleMs);
    return this.lines().filter((line) => pattern.test(line));
  }
}

/**
 * Runs an action that needs a permission the session lacks, and declines the sign-in it asks for
 * as a user would: Cancel on VS Code's "wants to sign in" dialog where the workbench shows one,
 * else (VS Code refuses dialogs while a test module runs) checks that the extension asked.
 */
export async function declineGrantAccess(action: () => Thenable<unknown>, why?: RegExp): Promise<void> {
  const log = ExtensionLogReader.fromNow();
  const running = action();
  const dialog = (await workbenchUiAvailable()) ? await workbench.dialog(3000).catch(() => undefined) : undefined;
  if (dialog) {
    assert.equal(dialog.message, "The extension 'Library for Spotify' wants to sign in using Spotify.");
    if (why) assert.match(dialog.detail, why, 'the prompt says why it asks');
    await workbench.answerDialog('Cancel');
  } else if (log) {
    const [refused] = await log.matching(/Grant Access ended without the new permission/);
    assert.match(refused, /refused to show dialog in tests/);
  }
  await running;
}
