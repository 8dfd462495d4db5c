import * as vscode from 'vscode';
import type { SpotifyClient } from '../api/spotifyClient';
import { CONFIG_SECTION, readSettings } from '../common/config';
import type { Logger } from '../common/logger';
import type { LibraryModel } from '../library/libraryModel';
import type { PagedList } from '../library/pagedList';
import { dropFormat, LibraryDropEditProvider } from '../editor/dropProvider';
import { type ExportFormat, exportRecords, formatExport } from '../editor/exportFormats';
import { hasLink, type LinkableRow, linkableOfNode, linkableOfRecord, type LinkedRow } from '../library/linkableRow';
import { formatLinks, type LinkFormat, markdownLinks } from '../editor/markdownLinks';
import { OPEN_LINK_COMMAND, SpotifyLinkHoverProvider } from '../editor/spotifyLinkHover';
import { formatCount } from '../views/format';
import type { LibraryView } from '../views/libraryView';
import type { LibraryNode } from '../views/nodes/libraryNode';
import { commandTargets } from './commandTargets';

/** The `spotifyLibrary.insertLinkFormat` setting. */
export type InsertLinkFormatSetting = 'auto' | LinkFormat;

/** Options a keybinding or a test may pass to Export... instead of answering its pickers. */
export interface ExportOptions {
  format?: ExportFormat;
  /** `untitled`: a new editor; `file`: saved to `file`, or to where the user picks. */
  destination?: 'untitled' | 'file';
  file?: vscode.Uri;
}

/** What Export... produced, for the caller (tests) to check. */
export interface ExportResult {
  count: number;
  document?: vscode.TextDocument;
  file?: vscode.Uri;
}

/** The linked rows of the targets, in tree order as given. */
export function linkedRowsOf(nodes: readonly unknown[]): LinkedRow[] {
  return nodes.map(linkableOfNode).filter(hasLink);
}

interface ExportableNode extends LibraryNode {
  readonly entries: PagedList<unknown>;
}

function isExportable(node: unknown): node is ExportableNode {
  return typeof node === 'object' && node !== null && 'entries' in node;
}

const EXPORT_LANGUAGES: Record<ExportFormat, string> = { markdown: 'markdown', csv: 'csv', json: 'json' };
const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', csv: 'csv', json: 'json' };

/**
 * The editor features: copy as Markdown, insert at the cursors, drop into editors, export, and
 * hovers on Spotify links in any file.
 */
export function registerEditorFeatures(model: LibraryModel, view: LibraryView, client: SpotifyClient, logger: Logger): vscode.Disposable & { hover: SpotifyLinkHoverProvider; drop: LibraryDropEditProvider } {
  const hover = new SpotifyLinkHoverProvider(model, client, logger);
  const drop = new LibraryDropEditProvider();

  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand('spotifyLibrary.copyMarkdownLink', async (node?: LibraryNode, selected?: LibraryNode[]) => {
      const rows = linkedRowsOf(commandTargets(node, selected));
      if (rows.length === 0) return;
      await vscode.env.clipboard.writeText(markdownLinks(rows));
      vscode.window.setStatusBarMessage(rows.length === 1 ? vscode.l10n.t('$(check) Markdown link copied') : vscode.l10n.t('$(check) {0} Markdown links copied', formatCount(rows.length)), 2000);
    }),
    vscode.commands.registerCommand('spotifyLibrary.insertLink', async (node?: LibraryNode, selected?: LibraryNode[]) => {
      // From the palette there is no node: the rows selected in the Library view.
      const targets = node === undefined && !selected ? [...view.treeView.selection] : commandTargets(node, selected);
      const rows = linkedRowsOf(targets);
      if (rows.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select one or more songs, playlists or other rows with a link in the Spotify Library view, then insert again.'));
        return false;
      }
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        const newFile = vscode.l10n.t('New Markdown File');
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a text editor and place the cursor where the link should go.'), newFile).then(async (choice) => {
          if (choice !== newFile) return;
          const document = await vscode.workspace.openTextDocument({ language: 'markdown' });
          await insertAtCursors(await vscode.window.showTextDocument(document), rows);
        });
        return false;
      }
      return insertAtCursors(editor, rows);
    }),
    vscode.commands.registerCommand('spotifyLibrary.export', (node?: LibraryNode, _selected?: unknown, options?: ExportOptions) =>
      exportList(node, options ?? {}),
    ),
    vscode.commands.registerCommand(OPEN_LINK_COMMAND, async (target?: { url?: unknown; uri?: unknown }) => {
      const url = typeof target?.url === 'string' ? target.url : undefined;
      const uri = typeof target?.uri === 'string' ? target.uri : undefined;
      // Only Spotify's own addresses: the argument comes from a hover's command link.
      if (!url?.startsWith('https://open.spotify.com/') || !uri?.startsWith('spotify:')) return;
      await vscode.env.openExternal(vscode.Uri.parse(readSettings().openIn === 'app' ? uri : url, true));
    }),
    vscode.languages.registerHoverProvider('*', hover),
    vscode.languages.registerDocumentDropEditProvider('*', drop),
  );
  return Object.assign(disposable, { hover, drop });

  async function exportList(node: LibraryNode | undefined, options: ExportOptions): Promise<ExportResult | undefined> {
    if (!isExportable(node)) return undefined;
    const name = linkableOfNode(node)?.name ?? vscode.l10n.t('Spotify list');
    const format = options.format ?? (await pickFormat());
    if (!format) return undefined;
    const destination = options.destination ?? (await pickDestination());
    if (!destination) return undefined;
    let file: vscode.Uri | undefined;
    if (destination === 'file') {
      file = options.file ?? (await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Export {0}', name),
        defaultUri: defaultExportUri(name, format),
        filters: { [format === 'markdown' ? 'Markdown' : format.toUpperCase()]: [EXPORT_EXTENSIONS[format]] },
      }));
      if (!file) return undefined;
    }
    if (!(await loadWhole(node.entries, name))) return undefined;

    // Tracks and episodes in the order the list has them; rows without a record are skipped.
    const rows = node.entries.items.map(linkableOfRecord).filter((row): row is LinkableRow => !!row);
    const text = formatExport(format, exportRecords(rows), name);
    if (file) {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
      void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} entries of {1} to {2}.', formatCount(rows.length), name, vscode.workspace.asRelativePath(file)));
      return { count: rows.length, file };
    }
    const language = (await vscode.languages.getLanguages()).includes(EXPORT_LANGUAGES[format]) ? EXPORT_LANGUAGES[format] : 'plaintext';
    const document = await vscode.workspace.openTextDocument({ language, content: text });
    await vscode.window.showTextDocument(document, { preview: false });
    return { count: rows.length, document };
  }

  /**
   * Makes the whole list loaded: at once when the cache has it, else every page with progress
   * and Cancel. False when cancelled or failed (said in a message), and nothing is exported.
   */
  async function loadWhole(list: PagedList<unknown>, name: string): Promise<boolean> {
    if (list.isLoaded && !list.hasMore && !list.error) return true;
    const finished = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading {0} to export', name), cancellable: true },
      async (progress, token) => {
        let reported = 0;
        const timer = setInterval(() => {
          const total = list.total;
          if (total === undefined || total === 0) return;
          const loaded = list.items.length;
          progress.report({ message: vscode.l10n.t('{0} of {1}', formatCount(loaded), formatCount(total)), increment: ((loaded - reported) / total) * 100 });
          reported = loaded;
        }, 250);
        const cancel = token.onCancellationRequested(() => list.cancel());
        try {
          await list.loadAllForUser();
        } finally {
          clearInterval(timer);
          cancel.dispose();
        }
        return !token.isCancellationRequested;
      },
    );
    if (!finished) return false;
    if (list.error || list.hasMore) {
      void vscode.window.showErrorMessage(
        list.error
          ? vscode.l10n.t('Could not load all of {0} to export it: {1}', name, list.error.message)
          : vscode.l10n.t('Could not load all of {0} to export it: the list is incomplete.', name),
      );
      return false;
    }
    return true;
  }
}

async function insertAtCursors(editor: vscode.TextEditor, rows: LinkedRow[]): Promise<boolean> {
  const setting = vscode.workspace.getConfiguration(CONFIG_SECTION).get<InsertLinkFormatSetting>('insertLinkFormat', 'auto');
  const format: LinkFormat = setting === 'markdown' || setting === 'url' || setting === 'uri' ? setting : dropFormat(editor.document);
  const text = formatLinks(rows, format);
  return editor.edit((builder) => {
    for (const selection of editor.selections) builder.replace(selection, text);
  });
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Markdown Table'), description: '.md', format: 'markdown' as const },
      { label: 'CSV', description: vscode.l10n.t('.csv, for spreadsheets'), format: 'csv' as const },
      { label: 'JSON', description: vscode.l10n.t('.json, an array of records'), format: 'json' as const },
    ],
    { title: vscode.l10n.t('Export: Format'), placeHolder: vscode.l10n.t('Choose the format') },
  );
  return picked?.format;
}

async function pickDestination(): Promise<'untitled' | 'file' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Open in a New Editor'), destination: 'untitled' as const },
      { label: vscode.l10n.t('Save to a File...'), destination: 'file' as const },
    ],
    { title: vscode.l10n.t('Export: Destination'), placeHolder: vscode.l10n.t('Where should the export go?') },
  );
  return picked?.destination;
}

function defaultExportUri(name: string, format: ExportFormat): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = name.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim() || 'spotify-export';
  return folder ? vscode.Uri.joinPath(folder, `${base}.${EXPORT_EXTENSIONS[format]}`) : undefined;
}
