import * as vscode from 'vscode';
import { hasLink, LIBRARY_ROWS_MIME, linkableOfNode } from '../library/linkableRow';
import type { LibraryNode } from './nodes/libraryNode';

/**
 * Dragging rows out of the Library view: the rows as JSON, which this extension's drop provider
 * turns into links for the document at hand. The view accepts no drops. No text/plain: VS Code's
 * own text drop would win over the Markdown links. No text/uri-list: VS Code would take https
 * links for files to open, in the editor area or the Explorer, where a drop must do nothing.
 */
export class LibraryDragAndDropController implements vscode.TreeDragAndDropController<LibraryNode> {
  readonly dragMimeTypes = [LIBRARY_ROWS_MIME];
  readonly dropMimeTypes: readonly string[] = [];

  handleDrag(source: readonly LibraryNode[], dataTransfer: vscode.DataTransfer): void {
    const rows = source.map(linkableOfNode).filter(hasLink);
    if (rows.length === 0) return;
    dataTransfer.set(LIBRARY_ROWS_MIME, new vscode.DataTransferItem(JSON.stringify(rows)));
  }
}
