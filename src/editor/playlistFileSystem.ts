import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import { messageOf } from '../common/errorMessage';
import type { PlaylistCall } from '../library/playlistDiff';
import { mergePlaylists } from '../library/playlistMerge';
import type { PlaylistSaves, PlaylistVersion } from '../library/playlistSave';
import { urisOf } from '../library/playlistSave';
import { formatPlaylistText, parsePlaylistText, type PlaylistTextEntry } from '../library/playlistText';
import type { PlaylistRecord, TrackRecord } from '../library/records';
import { formatCount } from '../views/format';

/** The scheme of playlist documents: `spotify-playlist:/<playlist id>/<name>.spotify-playlist`. */
export const PLAYLIST_SCHEME = 'spotify-playlist';
export const PLAYLIST_EXTENSION = '.spotify-playlist';
/** The id Liked Songs has in a document's path: read-only, Spotify has no order to write there. */
export const LIKED_DOCUMENT_ID = 'liked';

/** What a document is a copy of: a playlist the user may change, or a list shown read-only. */
export interface PlaylistSource {
  readonly id: string;
  readonly name: string;
  /** The playlist; absent for Liked Songs. */
  readonly playlist?: PlaylistRecord;
  /** Whether a save may write it: a playlist the user owns or collaborates on. */
  readonly editable: boolean;
}

/** What the file system needs from the library: the list by id (also after a window reload), and its saves. */
export interface PlaylistDocumentLibrary {
  readonly saves: PlaylistSaves;
  /** The list the id names, loading what is needed to know it; undefined when the library does not hold it. */
  source(id: string): Promise<PlaylistSource | undefined>;
  /** The whole list as Spotify has it now. */
  load(source: PlaylistSource): Promise<PlaylistVersion>;
}

/** The last save of a playlist: what Undo Last Save puts back. */
export interface LastSave {
  readonly source: PlaylistSource;
  readonly before: PlaylistVersion;
  readonly after: PlaylistVersion;
}

interface PlaylistFile {
  source: PlaylistSource;
  /** What Spotify held when this document was read or last saved: every save diffs against it. */
  version: PlaylistVersion;
  content: Uint8Array;
  mtime: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The document's text for a version: a header of comments, then one entry a line (playlistText's format). */
export function renderPlaylistDocument(source: PlaylistSource, version: PlaylistVersion): string {
  const header = [
    `# ${source.name}`,
    source.editable
      ? `# ${vscode.l10n.t('One entry a line, read by the Spotify link at its end; lines starting with # are ignored. Save sends only the changes to Spotify.')}`
      : `# ${vscode.l10n.t('Read-only: Spotify has no order to write here.')}`,
    '',
  ].join('\n');
  const lines: string[] = [];
  let pending: PlaylistTextEntry[] = [];
  const flush = () => {
    if (pending.length) lines.push(formatPlaylistText(pending));
    pending = [];
  };
  for (const entry of version.entries) {
    const text = textEntryOf(entry);
    if (text) pending.push(text);
    else {
      flush();
      // An entry Spotify sends no content for has no URI to name it: it stays where it is.
      lines.push(`# ${vscode.l10n.t('(removed from Spotify: this entry stays where it is)')}\n`);
    }
  }
  flush();
  return `${header}\n${lines.join('')}`;
}

function textEntryOf(entry: TrackRecord): PlaylistTextEntry | undefined {
  const uri = entry.uriOverride ?? (entry.id && (entry.kind === 'track' || entry.kind === 'episode') ? `spotify:${entry.kind}:${entry.id}` : undefined);
  return uri ? { uri, title: entry.name === uri ? '' : entry.name, artists: entry.byline, durationMs: entry.durationMs } : undefined;
}

export function playlistDocumentUri(source: { id: string; name: string }): vscode.Uri {
  // The name is only for the tab: the id alone says which playlist; '/' and '\' would make folders.
  const fileName = source.name.replace(/[/\\]+/g, '-').trim() || source.id;
  return vscode.Uri.from({ scheme: PLAYLIST_SCHEME, path: `/${source.id}/${fileName}${PLAYLIST_EXTENSION}` });
}

function idOf(uri: vscode.Uri): string {
  const id = uri.path.split('/')[1];
  if (!id) throw vscode.FileSystemError.FileNotFound(uri);
  return id;
}

/**
 * Playlists as documents (Edit as Text): reading one loads the whole playlist; saving one sends
 * only the difference to what was read (PlaylistSaves). A playlist changed on Spotify since it
 * was read is never written over: the save merges both sides and asks first (modal: the save
 * waits for the answer), and a save that Spotify stopped halfway fails (the document stays
 * dirty) with the next save continuing from what Spotify then holds.
 */
export class PlaylistFileSystem implements vscode.FileSystemProvider {
  readonly #changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.#changes.event;
  readonly #lastSaveChanged = new vscode.EventEmitter<string>();
  /** Fires with a playlist id when its last save changed (Undo Last Save's enablement). */
  readonly onDidChangeLastSave = this.#lastSaveChanged.event;

  readonly #files = new Map<string, PlaylistFile>();
  readonly #opening = new Map<string, Promise<PlaylistFile>>();
  readonly #lastSaves = new Map<string, LastSave>();
  readonly #library: PlaylistDocumentLibrary;
  readonly #logger: Logger;

  constructor(library: PlaylistDocumentLibrary, logger: Logger) {
    this.#library = library;
    this.#logger = logger;
  }

  /** Reads the list now (what Edit as Text does before showing it), unless an editor holds unsaved edits of it. */
  async open(source: PlaylistSource): Promise<vscode.Uri> {
    const uri = playlistDocumentUri(source);
    // A copy with unsaved edits keeps them and the base they were made on; any other is read again.
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open?.isDirty && this.#files.has(source.id)) return uri;
    const file = this.#fileOf(source, await this.#library.load(source));
    this.#files.set(source.id, file);
    this.#changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    return uri;
  }

  lastSave(playlistId: string): LastSave | undefined {
    return this.#lastSaves.get(playlistId);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (uri.path === '/' || !uri.path.endsWith(PLAYLIST_EXTENSION)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const file = await this.#file(uri);
    return { type: vscode.FileType.File, ctime: file.mtime, mtime: file.mtime, size: file.content.byteLength, permissions: file.source.editable ? undefined : vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.#file(uri)).content;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const file = await this.#file(uri);
    const playlist = file.source.playlist;
    if (!playlist || !file.source.editable) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('“{0}” is read-only here: Spotify lets apps change only playlists you own or collaborate on, and Liked Songs have no order to write.', file.source.name));
    const text = decoder.decode(content);
    const mine = parsePlaylistText(text).uris;
    let base = file.version;
    let target = mine;
    let result = await this.#library.saves.save(playlist, base, target);
    if (result.kind === 'changedOnSpotify') {
      const theirs = result.theirs;
      const merge = mergePlaylists(urisOf(base), urisOf(theirs), mine);
      const agreed = await this.#askToSaveMerged(file, uri, theirs, merge.merged, merge.conflicts.length);
      if (!agreed) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: “{0}” changed on Spotify since you opened it. Your document is unchanged; save again to merge.', file.source.name));
      base = theirs;
      target = merge.merged;
      file.version = theirs;
      result = await this.#library.saves.save(playlist, base, target);
      if (result.kind === 'changedOnSpotify') throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: “{0}” changed on Spotify again while you decided. Save again to merge.', file.source.name));
    }
    switch (result.kind) {
      case 'unchanged':
        this.#logger.info(`[documents] save of “${file.source.name}”: unchanged, nothing sent`);
        this.#written(file, content, base);
        return;
      case 'saved':
        this.#logger.info(`[documents] save of “${file.source.name}”: ${describeCalls(result.calls)}`);
        this.#written(file, content, result.after);
        this.#lastSaves.set(playlist.id, { source: file.source, before: result.before, after: result.after });
        this.#lastSaveChanged.fire(playlist.id);
        vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Saved “{0}” to Spotify ({1})', file.source.name, requestWords(result.calls.length))}`, 5000);
        return;
      case 'failed': {
        this.#logger.warn(`[documents] save of “${file.source.name}” stopped after ${result.sent} of ${result.calls.length} calls (${describeCalls(result.calls)}): ${messageOf(result.error)}`);
        // What Spotify took is the next save's base: that save sends only the rest.
        file.version = result.now;
        const progress = result.sent === 0 ? vscode.l10n.t('Nothing changed on Spotify.') : vscode.l10n.t('{0} of {1} changes went through.', formatCount(result.sent), formatCount(result.calls.length));
        throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Spotify stopped the save of “{0}”: {1} {2} Save again to send the rest.', file.source.name, result.error.message, progress));
      }
    }
  }

  /**
   * After Undo Last Save (or another write of this window), an open copy that has no unsaved
   * changes shows the playlist as it is now; one with unsaved changes keeps its base, so its
   * next save sees Spotify changed and merges.
   */
  refreshOpenCopy(source: PlaylistSource, version: PlaylistVersion): void {
    const file = this.#files.get(source.id);
    if (!file) return;
    const uri = playlistDocumentUri(file.source);
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    if (document?.isDirty) return;
    file.version = version;
    file.content = encoder.encode(renderPlaylistDocument(file.source, version));
    file.mtime = Date.now();
    this.#changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** Undo Last Save is done: it is not offered again for that save. */
  forgetLastSave(playlistId: string): void {
    this.#lastSaves.delete(playlistId);
    this.#lastSaveChanged.fire(playlistId);
  }

  /**
   * The save landed: the document is saved as written; then, when the readable part of the lines
   * changes (pasted links get their titles, merged entries appear), the copy is read again.
   */
  #written(file: PlaylistFile, content: Uint8Array, version: PlaylistVersion): void {
    file.version = version;
    file.content = content;
    file.mtime = Date.now();
    const rendered = renderPlaylistDocument(file.source, version);
    if (rendered === decoder.decode(content)) return;
    const uri = playlistDocumentUri(file.source);
    // After VS Code has taken the save's stat: a change with a later mtime makes it read the copy again.
    setTimeout(() => {
      if (file.version !== version) return;
      file.content = encoder.encode(rendered);
      file.mtime = Math.max(Date.now(), file.mtime + 1);
      this.#changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    }, 200);
  }

  /** The merge, shown and agreed to: true to save it. A conflict keeps the document's side where both changed. */
  async #askToSaveMerged(file: PlaylistFile, uri: vscode.Uri, theirs: PlaylistVersion, merged: readonly string[], conflicts: number): Promise<boolean> {
    const save = vscode.l10n.t('Save Merged');
    const show = vscode.l10n.t('Show Changes on Spotify');
    const changedBy = vscode.l10n.t('“{0}” changed on Spotify since you opened it (another device, a collaborator, or this window).', file.source.name);
    const detail =
      conflicts === 0
        ? vscode.l10n.t('Your changes and Spotify’s fit together: saving keeps both ({0} entries).', formatCount(merged.length))
        : conflicts === 1
          ? vscode.l10n.t('In 1 place both changed the same entries: saving keeps yours there and Spotify’s changes elsewhere ({0} entries).', formatCount(merged.length))
          : vscode.l10n.t('In {0} places both changed the same entries: saving keeps yours there and Spotify’s changes elsewhere ({1} entries).', formatCount(conflicts), formatCount(merged.length));
    const choice = await vscode.window.showWarningMessage(changedBy, { modal: true, detail }, save, show);
    if (choice === show) {
      const spotifyNow = this.#snapshotUri(file, 'spotify', renderPlaylistDocument(file.source, theirs));
      void vscode.commands.executeCommand('vscode.diff', spotifyNow, uri, vscode.l10n.t('{0}: on Spotify now ↔ your document', file.source.name));
    }
    return choice === save;
  }

  /** A read-only copy of a version beside the document (the diff's left side). */
  #snapshotUri(file: PlaylistFile, kind: string, text: string): vscode.Uri {
    const id = `${file.source.id}~${kind}`;
    const source = { id, name: `${file.source.name} (${vscode.l10n.t('on Spotify')})`, editable: false };
    this.#files.set(id, { source, version: file.version, content: encoder.encode(text), mtime: Date.now() });
    return playlistDocumentUri(source);
  }

  #fileOf(source: PlaylistSource, version: PlaylistVersion): PlaylistFile {
    return { source, version, content: encoder.encode(renderPlaylistDocument(source, version)), mtime: Date.now() };
  }

  async #file(uri: vscode.Uri): Promise<PlaylistFile> {
    const id = idOf(uri);
    const known = this.#files.get(id);
    if (known) return known;
    // A document VS Code restores after a reload: read the list again.
    let opening = this.#opening.get(id);
    if (!opening) {
      opening = (async () => {
        const source = await this.#library.source(id);
        if (!source) throw vscode.FileSystemError.FileNotFound(uri);
        try {
          const file = this.#fileOf(source, await this.#library.load(source));
          this.#files.set(id, file);
          return file;
        } catch (error) {
          throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Could not read “{0}” from Spotify: {1}', source.name, messageOf(error)));
        }
      })().finally(() => this.#opening.delete(id));
      this.#opening.set(id, opening);
    }
    return opening;
  }

  dispose(): void {
    this.#changes.dispose();
    this.#lastSaveChanged.dispose();
  }
}

function requestWords(count: number): string {
  return count === 1 ? vscode.l10n.t('1 request') : vscode.l10n.t('{0} requests', formatCount(count));
}

/** What a save sent, for the log: "2 calls: move 3+1 before 0, add 2 at 5". */
export function describeCalls(calls: readonly PlaylistCall[]): string {
  const parts = calls.map((call) => (call.kind === 'move' ? `move ${call.rangeStart}+${call.rangeLength} before ${call.insertBefore}` : call.kind === 'add' ? `add ${call.uris.length} at ${call.position}` : `remove ${call.uris.length} URIs`));
  return `${calls.length} calls${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
