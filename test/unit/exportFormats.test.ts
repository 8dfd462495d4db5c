import * as assert from 'node:assert/strict';
import { csvCell, EXPORT_COLUMNS, exportRecords, markdownCell, toCsv, toJson, toMarkdownTable } from '../../src/editor/exportFormats';
import type { LinkableRow } from '../../src/library/linkableRow';
import { markdownRowCells, parseCsv, unescapeMarkdown } from './support/tableParsers';

const NASTY = ['Comma, Then More', 'The "Quoted" One', 'Line One\nLine Two', 'CR\r\nLF', '=HYPERLINK("https://evil.example","x")', '+1', '-1 Degrees', '@SUM(A1)', 'Left | Right \\| x', '<img src=x onerror=alert(1)> & `tick`', '**bold** [l](u) #1 _i_ ~s~', 'trailing\\', '夜に駆ける 🎧'];

function rows(): LinkableRow[] {
  return NASTY.map((name, i) => ({ kind: i === 3 ? 'episode' : 'track', name, creator: i === 3 ? 'The Show' : `Artist ${i}, Guest`, collection: i === 3 ? 'The Show' : `Album ${name}`, durationMs: 61_000 + i, addedAt: '2026-05-01T10:00:00Z', link: `https://open.spotify.com/track/id${i}`, uri: `spotify:track:id${i}` }));
}

describe('export formats', () => {
  it('turns rows into plain records with the issue\'s columns', () => {
    const [first, , , episode] = exportRecords(rows());
    assert.deepEqual(Object.keys(first), ['position', 'title', 'artists', 'albumOrShow', 'duration', 'durationMs', 'addedAt', 'link', 'uri']);
    assert.deepEqual({ position: first.position, duration: first.duration, artists: first.artists }, { position: 1, duration: '1:01', artists: 'Artist 0, Guest' });
    assert.deepEqual({ artists: episode.artists, albumOrShow: episode.albumOrShow }, { artists: '', albumOrShow: 'The Show' }, 'an episode has its show, no artists');
    assert.deepEqual(EXPORT_COLUMNS.map((c) => c.heading), ['Position', 'Title', 'Artists', 'Album or Show', 'Duration', 'Added At', 'Link', 'URI']);
  });

  it('writes CSV (RFC 4180) whose rows parse back, formulas neutralised', () => {
    const records = exportRecords(rows());
    const text = toCsv(records);
    assert.ok(text.endsWith('\r\n'));
    const parsed = parseCsv(text);
    assert.equal(parsed.length, records.length + 1);
    assert.deepEqual(parsed[0], EXPORT_COLUMNS.map((c) => c.heading));
    for (const [i, record] of records.entries()) {
      const cells = parsed[i + 1];
      assert.equal(cells.length, 8, `row ${i} has 8 cells`);
      const expected = /^[=+\-@]/.test(record.title) ? `'${record.title}` : record.title;
      assert.equal(cells[1], expected);
      assert.equal(cells[2], record.artists);
      assert.equal(cells[0], String(i + 1));
    }
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('@x'), "'@x");
    assert.equal(csvCell('\tx'), '"\'\tx"', 'a tab is a separator for some spreadsheets: quoted');
    assert.equal(csvCell('a"b'), '"a""b"');
    assert.equal(csvCell(-3), '-3', 'numbers are not formulas');
    assert.equal(csvCell(null), '');
  });

  it('leaves no cell a spreadsheet could run as a formula: after leading blanks, and split at ; or tab as German and French spreadsheets do', () => {
    const names = [' =HYPERLINK("https://evil.example","x")', '  +1', 'x;=cmd|\' /C calc\'!A0', 'a\t+SUM(A1)', 'y; @SUM(A1)', 'plain; words'];
    const text = toCsv(exportRecords(names.map((name, i) => ({ kind: 'track', name, creator: `Artist; -${i}`, collection: 'Album', durationMs: 60_000, addedAt: '', link: '', uri: '' }))));
    for (const separator of [',', ';', '\t']) {
      for (const line of text.trimEnd().split('\r\n').slice(1)) {
        for (const cell of spreadsheetCells(line, separator)) assert.doesNotMatch(cell.trim(), /^[=+\-@]/, `a formula when split at ${JSON.stringify(separator)}: ${cell}`);
      }
    }
    const titles = parseCsv(text).slice(1).map((cells) => cells[1]);
    assert.equal(titles[0], `'${names[0]}`, 'the words stay readable');
    assert.equal(titles[5], 'plain; words', 'a cell with nothing to run is unchanged');
  });

  it('writes a Markdown table with the same number of cells on every row, names reading as themselves', () => {
    const records = exportRecords(rows());
    const lines = toMarkdownTable(records, 'My | List').trimEnd().split('\n');
    assert.equal(lines[0], '# My \\| List');
    const table = lines.slice(2);
    assert.equal(table.length, records.length + 2);
    for (const line of table) assert.equal(markdownRowCells(line).length, 8, line);
    assert.match(table[1], /^\| --- (\| --- ){7}\|$/);
    for (const [i, record] of records.entries()) {
      const cells = markdownRowCells(table[i + 2]);
      assert.equal(unescapeMarkdown(cells[1]), record.title.replace(/\r\n|\n/g, ' ').trim());
    }
    assert.equal(markdownCell('a|b'), 'a\\|b');
    assert.equal(markdownCell('<b>'), '\\<b\\>');
    assert.equal(markdownCell('x\\'), 'x\\\\', 'a trailing backslash cannot escape the cell\'s pipe');
  });

  it('writes JSON that parses to the records', () => {
    const records = exportRecords(rows());
    assert.deepEqual(JSON.parse(toJson(records)), records);
  });
});

/** How a spreadsheet splits a line at `separator`: a quote counts only at the start of a field. */
function spreadsheetCells(line: string, separator: string): string[] {
  const cells: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      let cell = '';
      let i = at + 1;
      for (; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (line[i] === '"') {
          break;
        } else {
          cell += line[i];
        }
      }
      const end = line.indexOf(separator, i);
      cells.push(cell + line.slice(i + 1, end < 0 ? line.length : end));
      at = end < 0 ? line.length + 1 : end + separator.length;
    } else {
      const end = line.indexOf(separator, at);
      cells.push(line.slice(at, end < 0 ? line.length : end));
      at = end < 0 ? line.length + 1 : end + separator.length;
    }
  }
  return cells;
}
