import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../common/config';
import { messageOf } from '../common/errorMessage';
import type { Logger } from '../common/logger';
import { WindowLease } from '../common/windowLease';
import type { BackupFormat } from '../library/backupFormats';

export const AUTO_BACKUP_SETTING = 'backup.auto';
export type AutoBackupSchedule = 'off' | 'daily' | 'weekly';

const DAY_MS = 24 * 3_600_000;
const INTERVALS: Record<Exclude<AutoBackupSchedule, 'off'>, number> = { daily: DAY_MS, weekly: 7 * DAY_MS };
/** How often a window looks whether a backup is due: reads one small local file, never Spotify. */
const CHECK_EVERY_MS = 30 * 60_000;
/** Not while VS Code starts: the user's first minutes go to what they do. */
const FIRST_CHECK_AFTER_MS = 5 * 60_000;
/** A backup of a library the index still reads can take a while; the claim is renewed while it runs. */
const LEASE_TTL_MS = 10 * 60_000;
const LEASE_SETTLE_MS = 1_500;
const LEASE_FILE = 'auto-backup.json';

export type AutoBackupOutcome = 'off' | 'signedOut' | 'noFolder' | 'busy' | 'notIdle' | 'notDue' | 'heldElsewhere' | 'done' | 'failed';

export interface AutoBackupOptions {
  /** The global storage folder: shared by every window, so the lease in it is too. */
  readonly stateFolder: vscode.Uri;
  /** Unique to this window (and this start of it). */
  readonly windowId: string;
  readonly signedIn: () => boolean;
  /** The user is away from this window: a backup then disturbs no one. */
  readonly idle: () => boolean;
  /** Writes the backup (Back Up Library without its pickers and notifications); undefined when it did not. */
  readonly backUp: (folder: vscode.Uri, format: BackupFormat) => Promise<unknown>;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * spotifyLibrary.backup.auto (daily or weekly): Back Up Library on its own, in one window at a
 * time (a lease in global storage, see windowLease.ts), only while the user is away from the
 * window, and through the index, whose reads go on the background lane under the budget. A
 * library that did not change costs no request and changes no file.
 */
export class AutoBackup implements vscode.Disposable {
  readonly #options: AutoBackupOptions;
  readonly #lease: WindowLease;
  readonly #disposables: vscode.Disposable[] = [];
  #running = false;
  #toldNoFolder = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #firstCheck: ReturnType<typeof setTimeout> | undefined;

  constructor(options: AutoBackupOptions) {
    this.#options = options;
    const file = vscode.Uri.joinPath(options.stateFolder, LEASE_FILE);
    this.#lease = new WindowLease(
      {
        read: async () => {
          try {
            return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
          } catch {
            return undefined;
          }
        },
        write: async (text) => {
          await vscode.workspace.fs.createDirectory(options.stateFolder);
          await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
        },
      },
      { owner: options.windowId, ttlMs: LEASE_TTL_MS, settleMs: LEASE_SETTLE_MS, now: () => this.#now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    );
  }

  /** Starts looking now and then (and when the user leaves the window); nothing runs while the setting is off. */
  start(): this {
    this.#firstCheck = setTimeout(() => void this.tick(), FIRST_CHECK_AFTER_MS);
    this.#timer = setInterval(() => void this.tick(), CHECK_EVERY_MS);
    this.#disposables.push(
      vscode.window.onDidChangeWindowState((state) => {
        if (!state.active) void this.tick();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.${AUTO_BACKUP_SETTING}`)) this.#toldNoFolder = false;
      }),
    );
    return this;
  }

  /** Backs up when it is due, this window is idle and no other window is at it. */
  async tick(): Promise<AutoBackupOutcome> {
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const schedule = config.get<AutoBackupSchedule>(AUTO_BACKUP_SETTING, 'off');
    if (schedule !== 'daily' && schedule !== 'weekly') return 'off';
    if (!this.#options.signedIn()) return 'signedOut';
    const folderSetting = config.get<string>('backup.folder', '').trim();
    if (!folderSetting) {
      this.#tellNoFolder();
      return 'noFolder';
    }
    if (this.#running) return 'busy';
    if (!this.#options.idle()) return 'notIdle';
    this.#running = true;
    try {
      const interval = INTERVALS[schedule];
      const claim = await this.#lease.claim((lastRunAt) => lastRunAt === undefined || this.#now() - lastRunAt >= interval);
      if (claim.kind !== 'held') return claim.kind;
      const renewing = setInterval(() => void this.#lease.renew(), LEASE_TTL_MS / 3);
      try {
        const folder = folderSetting.includes('://') ? vscode.Uri.parse(folderSetting) : vscode.Uri.file(folderSetting);
        const format = config.get<string>('backup.format', '');
        const done = await this.#options.backUp(folder, format === 'csv' || format === 'json' ? format : 'text');
        if (done === undefined) {
          await this.#lease.release();
          return 'failed';
        }
        await this.#lease.finish();
        return 'done';
      } finally {
        clearInterval(renewing);
      }
    } catch (error) {
      this.#options.logger.warn(`[backup] automatic backup did not run: ${messageOf(error)}`);
      await this.#lease.release().catch(() => undefined);
      return 'failed';
    } finally {
      this.#running = false;
    }
  }

  #tellNoFolder(): void {
    if (this.#toldNoFolder) return;
    this.#toldNoFolder = true;
    const choose = vscode.l10n.t('Choose Folder');
    void vscode.window.showInformationMessage(vscode.l10n.t('Automatic backup is on, but no backup folder is set.'), choose).then(async (picked) => {
      if (picked !== choose) return;
      const folder = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: vscode.l10n.t('Back Up Here'), title: vscode.l10n.t('Backup Folder') }))?.[0];
      if (folder) await vscode.workspace.getConfiguration(CONFIG_SECTION).update('backup.folder', folder.scheme === 'file' ? folder.fsPath : folder.toString(), vscode.ConfigurationTarget.Global);
    });
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  dispose(): void {
    clearTimeout(this.#firstCheck);
    clearInterval(this.#timer);
    for (const disposable of this.#disposables) disposable.dispose();
  }
}
