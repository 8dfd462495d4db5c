import type { LinkableRow, LinkedRow } from '../library/linkableRow';

/** How links go into a document: `auto` is Markdown in Markdown documents and the URL elsewhere. */
export type LinkFormat = 'markdown' | 'url' | 'uri';

/** Kinds whose link text is the name alone: a playlist's owner is not part of its title. */
const NAME_ONLY_KINDS = new Set(['playlist', 'collection', 'artist']);

/**
 * Untrusted text as Markdown link text that reads as itself: the characters that would end the
 * link, start formatting, raw HTML or an entity are backslash-escaped; line breaks become spaces.
 */
export function escapeLinkText(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[\\`*_[\]<>~|]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** A link destination that cannot end early: spaces, parentheses and angle brackets percent-encoded. */
export function escapeLinkDestination(url: string): string {
  return url.replace(/[\s()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `Song — Artist`, `Album — Artist`, `Episode — Show`, `Playlist`. */
export function linkTitle(row: LinkableRow): string {
  return row.creator && !NAME_ONLY_KINDS.has(row.kind) ? `${row.name} — ${row.creator}` : row.name;
}

export function markdownLink(row: LinkedRow): string {
  return `[${escapeLinkText(linkTitle(row))}](${escapeLinkDestination(row.link)})`;
}

/** One row: the link; several: a Markdown list, one a line. */
export function markdownLinks(rows: readonly LinkedRow[]): string {
  if (rows.length === 1) return markdownLink(rows[0]);
  return rows.map((row) => `- ${markdownLink(row)}`).join('\n');
}

/** The rows in one format, one a line. */
export function formatLinks(rows: readonly LinkedRow[], format: LinkFormat): string {
  switch (format) {
    case 'markdown':
      return markdownLinks(rows);
    case 'uri':
      return rows.map((row) => row.uri).join('\n');
    default:
      return rows.map((row) => row.link).join('\n');
  }
}
