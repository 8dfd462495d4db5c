import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const sourceRoot = path.resolve(__dirname, '..', '..', '..', 'src');

/**
 * The one direction data and imports flow: a folder may import only from folders ranked below it
 * (common is shared by all; views present what library holds; commands wire views to everything).
 */
const LAYER_RANK: Readonly<Record<string, number>> = {
  common: 0,
  api: 1,
  auth: 2,
  library: 3,
  views: 4,
  player: 5,
  editor: 5,
  commands: 6,
  'extension.ts': 7,
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const layerOf = (file: string) => path.relative(sourceRoot, file).split(path.sep)[0];

/** Every relative module a source names: `from`, a bare `import`, `import()` and `require()`, either quote. */
function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(/\b(?:from|import|require)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g)].map((match) => match[1]);
}

describe('Source layers', () => {
  it('knows the layer of every source folder', () => {
    const unknown = [...new Set(sourceFiles(sourceRoot).map(layerOf))].filter((layer) => !(layer in LAYER_RANK));
    assert.deepEqual(unknown, [], 'give a new folder its place in LAYER_RANK');
  });

  it('finds a relative module in every form of import', () => {
    const text = [
      "import { a } from '../api/a';",
      'export * from "../library/b";',
      "import '../views/c';",
      "const d = await import('../editor/d');",
      "import e = require('../commands/e');",
      "import * as vscode from 'vscode';",
    ].join('\n');
    assert.deepEqual(relativeSpecifiers(text), ['../api/a', '../library/b', '../views/c', '../editor/d', '../commands/e']);
  });

  it('has no import that runs back up the layers', () => {
    const upward: string[] = [];
    for (const file of sourceFiles(sourceRoot)) {
      const from = layerOf(file);
      for (const specifier of relativeSpecifiers(fs.readFileSync(file, 'utf8'))) {
        const to = layerOf(path.resolve(path.dirname(file), specifier));
        if (to !== from && LAYER_RANK[to] >= LAYER_RANK[from]) upward.push(`${path.relative(sourceRoot, file)} -> ${specifier}`);
      }
    }
    assert.deepEqual(upward, []);
  });
});
