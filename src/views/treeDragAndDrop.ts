import * as vscode from 'vscode';
import { LIBRARY_ROWS_MIME } from '../editor/dropProvider';
import { hasLink, linkableOfNode } from '../editor/linkableRow';
import type { LibraryNode } from './nodes/libraryNode';

/**
 * Dragging rows out of the Library view: the rows as JSON for this extension's drop provider,
 * and their links as text/plain for any other editor. The view accepts no drops. No
 * text/uri-list: VS Code would treat https links as files to open, in the editor area or the
 * Explorer, where a drop must do nothing.
 */
export class LibraryDragAndDropController implements vscode.TreeDragAndDropController<LibraryNode> {
  readonly dragMimeTypes = [LIBRARY_ROWS_MIME, 'text/plain'];
  readonly dropMimeTypes: readonly string[] = [];

  handleDrag(source: readonly LibraryNode[], dataTransfer: vscode.DataTransfer): void {
    const rows = source.map(linkableOfNode).filter(hasLink);
    if (rows.length === 0) return;
    dataTransfer.set(LIBRARY_ROWS_MIME, new vscode.DataTransferItem(JSON.stringify(rows)));
    dataTransfer.set('text/plain', new vscode.DataTransferItem(rows.map((row) => row.link).join('\n')));
  }
}
