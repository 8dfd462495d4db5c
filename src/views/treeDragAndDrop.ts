import * as vscode from 'vscode';
import { hasLink, LIBRARY_ROWS_MIME, linkableOfNode } from '../library/linkableRow';
import type { LibraryNode } from './nodes/libraryNode';

/** The mime type VS Code gives a drag of this view's own rows (its id, lower case). */
const OWN_ROWS_MIME = 'application/vnd.code.tree.spotifylibrary.library';

/** What a drop of rows on a row does (the playlist commands: reorder or add). */
export type RowDropHandler = (target: LibraryNode, rows: readonly LibraryNode[]) => Thenable<void> | void;

/**
 * Dragging rows out of the Library view: the rows as JSON, which this extension's drop provider
 * turns into links for the document at hand. Within the view, rows dropped on a row go to the
 * drop handler (reorder a playlist, add to a playlist). No text/plain: VS Code's
 * own text drop would win over the Markdown links. No text/uri-list: VS Code would take https
 * links for files to open, in the editor area or the Explorer, where a drop must do nothing.
 */
export class LibraryDragAndDropController implements vscode.TreeDragAndDropController<LibraryNode> {
  readonly dragMimeTypes = [LIBRARY_ROWS_MIME];
  readonly dropMimeTypes = [OWN_ROWS_MIME];
  /** Set once the commands exist; until then a drop does nothing. */
  onDropRows: RowDropHandler | undefined;

  /** The rows of the drag in progress: VS Code hands the drop only their handles (as JSON), not the nodes. */
  #dragged: readonly LibraryNode[] = [];

  handleDrag(source: readonly LibraryNode[], dataTransfer: vscode.DataTransfer): void {
    this.#dragged = source;
    const rows = source.map(linkableOfNode).filter(hasLink);
    if (rows.length === 0) return;
    dataTransfer.set(LIBRARY_ROWS_MIME, new vscode.DataTransferItem(JSON.stringify(rows)));
  }

  async handleDrop(target: LibraryNode | undefined, dataTransfer: vscode.DataTransfer): Promise<void> {
    // A drag of this view's own rows carries its mime type; anything else (files, text) is not for the view.
    const rows = dataTransfer.get(OWN_ROWS_MIME) ? this.#dragged : [];
    this.#dragged = [];
    if (!target || rows.length === 0) return;
    await this.onDropRows?.(target, rows);
  }
}
