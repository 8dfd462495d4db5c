import { l10n } from '../common/l10n';
import { formatDuration } from '../views/format';
import type { LinkableRow } from '../library/linkableRow';
import { csvCell } from '../common/csv';

export { csvCell };

export type ExportFormat = 'markdown' | 'csv' | 'json';

/** One exported entry: a plain record, as JSON writes it. */
export interface ExportRecord {
  position: number;
  title: string;
  artists: string;
  albumOrShow: string;
  duration: string;
  durationMs: number | null;
  addedAt: string;
  link: string;
  uri: string;
}

/** The headings of the Markdown table and the CSV; worded when read, so they follow the display language. */
export const EXPORT_COLUMNS: ReadonlyArray<{ key: keyof ExportRecord; readonly heading: string }> = [
  column('position', () => l10n.t('Position')),
  column('title', () => l10n.t('Title')),
  column('artists', () => l10n.t('Artists')),
  column('albumOrShow', () => l10n.t('Album or Show')),
  column('duration', () => l10n.t('Duration')),
  column('addedAt', () => l10n.t('Added At')),
  column('link', () => l10n.t('Link')),
  column('uri', () => l10n.t('URI')),
];

function column(key: keyof ExportRecord, heading: () => string): { key: keyof ExportRecord; readonly heading: string } {
  return {
    key,
    get heading() {
      return heading();
    },
  };
}

export function exportRecords(rows: readonly LinkableRow[]): ExportRecord[] {
  return rows.map((row, index) => ({
    position: index + 1,
    title: row.name,
    // An episode's creator is its show, which has its own column.
    artists: row.kind === 'episode' ? '' : (row.creator ?? ''),
    albumOrShow: row.collection ?? '',
    duration: formatDuration(row.durationMs),
    durationMs: row.durationMs ?? null,
    addedAt: row.addedAt ?? '',
    link: row.link ?? '',
    uri: row.uri ?? '',
  }));
}

export function toCsv(records: readonly ExportRecord[]): string {
  const lines = [EXPORT_COLUMNS.map((column) => csvCell(column.heading)).join(',')];
  for (const record of records) lines.push(EXPORT_COLUMNS.map((column) => csvCell(record[column.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A Markdown table cell that stays one cell and reads as itself: pipes, backslashes and every
 * character that would start formatting, a link or HTML are escaped; line breaks become spaces.
 */
export function markdownCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[\\|`*_[\]<>~#!]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .trim();
}

export function toMarkdownTable(records: readonly ExportRecord[], title?: string): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines: string[] = [];
  if (title) lines.push(`# ${markdownCell(title)}`, '');
  lines.push(row(EXPORT_COLUMNS.map((column) => markdownCell(column.heading))));
  lines.push(row(EXPORT_COLUMNS.map(() => '---')));
  for (const record of records) lines.push(row(EXPORT_COLUMNS.map((column) => markdownCell(record[column.key]))));
  return `${lines.join('\n')}\n`;
}

export function toJson(records: readonly ExportRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}

export function formatExport(format: ExportFormat, records: readonly ExportRecord[], title?: string): string {
  switch (format) {
    case 'csv':
      return toCsv(records);
    case 'json':
      return toJson(records);
    default:
      return toMarkdownTable(records, title);
  }
}
