/**
 * CSV (RFC 4180) both ways, shared by Export... (src/editor) and backups and imports
 * (src/library): one cell written safely for spreadsheets, and records read back with the line
 * each starts on, so an importer can say where a problem is.
 */

/**
 * A CSV cell (RFC 4180): quoted when it holds a quote, comma, semicolon, tab or line break, quotes
 * doubled. Nothing in it may run as a formula in a spreadsheet: one that starts with = + - @
 * after blanks (spreadsheets trim them), or with a tab or CR, gets a leading apostrophe; so does
 * such a start after a `;` or tab inside it, where a spreadsheet set to that separator (German,
 * French) splits the cell.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string') text = text.replace(/^([ \u00a0]*)(?=[=+\-@\t\r])/, "'$1").replace(/([;\t][ \u00a0]*)(?=[=+\-@])/g, "$1'");
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvRecord {
  readonly cells: string[];
  /** 1-based line the record starts on (a quoted cell may hold line breaks). */
  readonly line: number;
}

export interface ReadCsv {
  readonly records: CsvRecord[];
  /** The line of a quoted cell that is never closed (read to the end of the text), if any. */
  readonly unclosedQuoteLine?: number;
}

/** The separator a header line uses: `,` (RFC 4180), `;` (Excel in German, French... locales) or a tab, whichever it has most of outside quotes. */
export function csvSeparator(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  return counts[';'] > counts[','] && counts[';'] >= counts['\t'] ? ';' : counts['\t'] > counts[','] ? '\t' : ',';
}

/**
 * Reads CSV leniently, as spreadsheets do: CRLF, LF or CR records, quoted cells with doubled
 * quotes and line breaks, text after a closing quote kept. Records of only empty cells are kept
 * (the caller decides); the final line break makes no empty record.
 */
export function readCsv(text: string, separator: string = ','): ReadCsv {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let started = false;
  const endRecord = () => {
    cells.push(cell);
    records.push({ cells, line: recordLine });
    cells = [];
    cell = '';
    started = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
      started = true;
    } else if (c === separator) {
      cells.push(cell);
      cell = '';
      started = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += c;
      started = true;
    }
  }
  if (started || cell.length > 0 || cells.length > 0 || quoted) endRecord();
  return quoted ? { records, unclosedQuoteLine: quoteLine } : { records };
}
