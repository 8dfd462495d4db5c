import * as vscode from 'vscode';
import { hasLink, LIBRARY_ROWS_MIME, type LinkableRow, type LinkedRow } from '../library/linkableRow';
import { formatLinks, type LinkFormat } from './markdownLinks';

/** Rows dragged from the Library view, or undefined when the drag holds none. */
export async function rowsFromDataTransfer(dataTransfer: vscode.DataTransfer): Promise<LinkedRow[] | undefined> {
  const item = dataTransfer.get(LIBRARY_ROWS_MIME);
  if (!item) return undefined;
  try {
    const parsed = JSON.parse(await item.asString()) as unknown;
    if (!Array.isArray(parsed)) return undefined;
    const rows = parsed.filter((row): row is LinkedRow => typeof row === 'object' && row !== null && typeof (row as LinkableRow).name === 'string' && hasLink(row as LinkableRow));
    return rows.length ? rows : undefined;
  } catch {
    return undefined;
  }
}

/** The format for a document: Markdown links in Markdown, the plain URLs elsewhere. */
export function dropFormat(document: vscode.TextDocument): LinkFormat {
  return document.languageId === 'markdown' ? 'markdown' : 'url';
}

/**
 * Rows dropped from the Library view into a text editor: Markdown links in Markdown (a list for
 * several), the links elsewhere; the editor applies the text as one edit, so one Undo takes it back.
 */
export class LibraryDropEditProvider implements vscode.DocumentDropEditProvider {
  async provideDocumentDropEdits(document: vscode.TextDocument, _position: vscode.Position, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<vscode.DocumentDropEdit | undefined> {
    const rows = await rowsFromDataTransfer(dataTransfer);
    if (!rows || token.isCancellationRequested) return undefined;
    // A plain string, not a snippet: a `$` in a song's name must stay a `$`.
    return new vscode.DocumentDropEdit(formatLinks(rows, dropFormat(document)));
  }
}
