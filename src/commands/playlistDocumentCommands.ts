import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import { messageOf } from '../common/errorMessage';
import { ACTION_SCOPES, SECTION_INFO } from '../common/sections';
import { LIKED_DOCUMENT_ID, type PlaylistDocumentLibrary, PlaylistFileSystem, PLAYLIST_EXTENSION, PLAYLIST_SCHEME, type PlaylistSource } from '../editor/playlistFileSystem';
import type { LibraryModel } from '../library/libraryModel';
import { mergePlaylists } from '../library/playlistMerge';
import { type PlaylistSaves, type PlaylistVersion, urisOf } from '../library/playlistSave';
import { parsePlaylistText } from '../library/playlistText';
import type { PlaylistRecord } from '../library/records';
import { formatCount } from '../views/format';
import type { LibraryView } from '../views/libraryView';
import { ensureScopes } from './permissions';

export const PLAYLIST_DOCUMENT_COMMANDS = {
  editAsText: 'spotifyLibrary.editAsText',
  undoLastSave: 'spotifyLibrary.undoLastSave',
  commentLine: 'spotifyLibrary.commentPlaylistLine',
} as const;

/** Set while the active editor is a playlist document whose last save Undo Last Save can take back. */
const CAN_UNDO_SAVE_CONTEXT = 'spotifyLibrary.canUndoPlaylistSave';

interface DocumentContext {
  readonly model: LibraryModel;
  readonly view: LibraryView;
  readonly saves: PlaylistSaves;
  readonly logger: Logger;
}

/** Edit as Text: playlists as documents of their own file system, with diagnostics and Undo Last Save. */
export function registerPlaylistDocuments(context: DocumentContext): vscode.Disposable & { files: PlaylistFileSystem } {
  const library = documentLibrary(context);
  const files = new PlaylistFileSystem(library, context.logger);
  const diagnostics = vscode.languages.createDiagnosticCollection('spotifyLibrary.playlist');
  const showProblems = (document: vscode.TextDocument) => {
    if (!isPlaylistText(document)) return;
    const { problems } = parsePlaylistText(document.getText());
    diagnostics.set(
      document.uri,
      problems.map((problem) => {
        const line = document.lineAt(problem.line - 1);
        const diagnostic = new vscode.Diagnostic(line.range.with(line.range.start.translate(0, line.firstNonWhitespaceCharacterIndex)), problem.message, vscode.DiagnosticSeverity.Warning);
        diagnostic.source = vscode.l10n.t('Spotify playlist');
        return diagnostic;
      }),
    );
  };
  const updateUndoContext = () => {
    const editor = vscode.window.activeTextEditor;
    const id = editor?.document.uri.scheme === PLAYLIST_SCHEME ? editor.document.uri.path.split('/')[1] : undefined;
    void vscode.commands.executeCommand('setContext', CAN_UNDO_SAVE_CONTEXT, !!id && !!files.lastSave(id));
  };
  vscode.workspace.textDocuments.forEach(showProblems);

  const disposable = vscode.Disposable.from(
    files,
    diagnostics,
    vscode.workspace.registerFileSystemProvider(PLAYLIST_SCHEME, files, { isCaseSensitive: true }),
    vscode.workspace.onDidOpenTextDocument(showProblems),
    vscode.workspace.onDidChangeTextDocument((event) => showProblems(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.delete(document.uri)),
    vscode.window.onDidChangeActiveTextEditor(updateUndoContext),
    files.onDidChangeLastSave(updateUndoContext),
    vscode.languages.registerCodeActionsProvider([{ scheme: PLAYLIST_SCHEME }, { pattern: `**/*${PLAYLIST_EXTENSION}` }], new CommentLineActions(), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(PLAYLIST_DOCUMENT_COMMANDS.commentLine, async (uri: vscode.Uri, line: number) => {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(line, 0), '# ');
      await vscode.workspace.applyEdit(edit);
    }),
    vscode.commands.registerCommand(PLAYLIST_DOCUMENT_COMMANDS.editAsText, (node?: unknown) => editAsText(context, files, library, node)),
    vscode.commands.registerCommand(PLAYLIST_DOCUMENT_COMMANDS.undoLastSave, (target?: unknown) => undoLastSave(context, files, target)),
  );
  return Object.assign(disposable, { files });
}

function isPlaylistText(document: vscode.TextDocument): boolean {
  return document.uri.scheme === PLAYLIST_SCHEME || document.uri.path.endsWith(PLAYLIST_EXTENSION);
}

/** A line that looks like a link but names no entry: make it a comment (it is ignored now; this says so). */
class CommentLineActions implements vscode.CodeActionProvider {
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter((diagnostic) => diagnostic.source === vscode.l10n.t('Spotify playlist'))
      .map((diagnostic) => {
        const action = new vscode.CodeAction(vscode.l10n.t('Make this line a comment'), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        action.command = { title: action.title, command: PLAYLIST_DOCUMENT_COMMANDS.commentLine, arguments: [document.uri, diagnostic.range.start.line] };
        return action;
      });
  }
}

/** The library as the playlist documents see it. */
function documentLibrary(context: DocumentContext): PlaylistDocumentLibrary {
  const { model, view, saves } = context;
  return {
    saves,
    async source(id) {
      await view.syncSession();
      if (id === LIKED_DOCUMENT_ID) return { id, name: SECTION_INFO.liked.label, editable: false };
      const playlists = model.playlists;
      await playlists.ensureLoaded();
      // A document restored after a reload may name a playlist on a later page.
      while (!model.playlistById(id) && playlists.hasMore && !playlists.error) await playlists.loadMore();
      const playlist = model.playlistById(id);
      return playlist && sourceOf(model, playlist);
    },
    async load(source): Promise<PlaylistVersion> {
      if (source.editable && source.playlist) return saves.current(source.playlist);
      const list = source.playlist ? model.entriesOf(source.playlist) : model.liked;
      await list.ensureLoaded();
      await list.loadAllForUser();
      if (list.error) throw list.error;
      return { playlistId: source.id, snapshotId: source.playlist?.snapshotId, entries: list.items };
    },
  };
}

function sourceOf(model: LibraryModel, playlist: PlaylistRecord): PlaylistSource {
  return { id: playlist.id, name: playlist.name, playlist, editable: model.canEdit(playlist) };
}

interface SourcePick extends vscode.QuickPickItem {
  readonly source: PlaylistSource;
}

/** The list a command was run on: a tree row's, or one the user picks. */
async function sourceFor(context: DocumentContext, node: unknown): Promise<PlaylistSource | undefined> {
  const { model } = context;
  const playlist = (node as { playlist?: PlaylistRecord } | undefined)?.playlist;
  if (playlist && typeof playlist === 'object') return sourceOf(model, model.playlistById(playlist.id) ?? playlist);
  if ((node as { id?: unknown } | undefined)?.id === 'liked') return { id: LIKED_DOCUMENT_ID, name: SECTION_INFO.liked.label, editable: false };
  const playlists = model.playlists;
  if (!playlists.isLoaded || playlists.hasMore) await vscode.window.withProgress({ location: { viewId: 'spotifyLibrary.library' } }, () => playlists.loadAllForUser());
  const items: SourcePick[] = [
    ...playlists.items
      .filter((candidate) => model.canEdit(candidate))
      .map((candidate) => ({
        label: candidate.name,
        description: candidate.total === undefined ? undefined : candidate.total === 1 ? vscode.l10n.t('1 track') : vscode.l10n.t('{0} tracks', formatCount(candidate.total)),
        iconPath: new vscode.ThemeIcon(candidate.collaborative ? 'organization' : 'list-unordered'),
        source: sourceOf(model, candidate),
      })),
    { label: SECTION_INFO.liked.label, description: vscode.l10n.t('read-only'), iconPath: new vscode.ThemeIcon('heart'), source: { id: LIKED_DOCUMENT_ID, name: SECTION_INFO.liked.label, editable: false } },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Edit Playlist as Text'), placeHolder: vscode.l10n.t('Pick a playlist you own or collaborate on'), matchOnDescription: true });
  return picked?.source;
}

async function editAsText(context: DocumentContext, files: PlaylistFileSystem, library: PlaylistDocumentLibrary, node: unknown): Promise<vscode.TextEditor | undefined> {
  const source = await sourceFor(context, node);
  if (!source) return undefined;
  if (source.playlist && !source.editable) {
    // Spotify lets apps in development mode read no entries of such a playlist either: say why, open nothing.
    void vscode.window.showInformationMessage(vscode.l10n.t('“{0}” is {1}’s playlist: Spotify lets apps change only playlists you own or collaborate on.', source.name, source.playlist.ownerName));
    return undefined;
  }
  if (source.editable && !(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return undefined;
  try {
    const uri = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading “{0}” from Spotify…', source.name) }, () => files.open(source));
    return await vscode.window.showTextDocument(uri, { preview: false });
  } catch (error) {
    const retry = vscode.l10n.t('Retry');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Could not open “{0}” as text: {1}', source.name, messageOf(error)), retry);
    return choice === retry ? editAsText(context, files, library, { playlist: source.playlist, id: source.id }) : undefined;
  }
}

/** Undo Last Save: the playlist back as it was before this window's last save of it, by the same diff in reverse. */
async function undoLastSave(context: DocumentContext, files: PlaylistFileSystem, target: unknown): Promise<void> {
  const id = playlistIdOf(target) ?? activeDocumentId();
  const last = id ? files.lastSave(id) : undefined;
  if (!last?.source.playlist) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no save of a playlist in this window to undo.'));
    return;
  }
  const playlist = context.model.playlistById(last.source.playlist.id) ?? last.source.playlist;
  const name = last.source.name;
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Putting “{0}” back as it was…', name) }, async () => {
      const wanted = urisOf(last.before);
      const first = await context.saves.save(playlist, last.after, wanted);
      if (first.kind !== 'changedOnSpotify') return first;
      // Changed since the save: take back only the save's own changes, keeping the others.
      const merge = mergePlaylists(urisOf(last.after), urisOf(first.theirs), wanted);
      return context.saves.save(playlist, first.theirs, merge.merged);
    });
    switch (result.kind) {
      case 'unchanged':
      case 'saved':
        files.forgetLastSave(playlist.id);
        if (result.kind === 'saved') files.refreshOpenCopy(last.source, result.after);
        vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('“{0}” is back as it was before the save', name)}`, 5000);
        return;
      case 'changedOnSpotify':
        void vscode.window.showWarningMessage(vscode.l10n.t('“{0}” changed on Spotify again meanwhile; nothing was undone. Try again.', name));
        return;
      case 'failed':
        files.refreshOpenCopy(last.source, result.now);
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not put “{0}” back as it was: {1} {2} of {3} changes went through.', name, result.error.message, formatCount(result.sent), formatCount(result.calls.length)));
        return;
    }
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not put “{0}” back as it was: {1}', name, messageOf(error)));
  }
}

function playlistIdOf(target: unknown): string | undefined {
  if (target instanceof vscode.Uri) return target.scheme === PLAYLIST_SCHEME ? target.path.split('/')[1] : undefined;
  const playlist = (target as { playlist?: PlaylistRecord } | undefined)?.playlist;
  return playlist && typeof playlist.id === 'string' ? playlist.id : undefined;
}

function activeDocumentId(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === PLAYLIST_SCHEME ? uri.path.split('/')[1] : undefined;
}
