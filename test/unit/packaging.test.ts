import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

/** .vscodeignore ignores everything but what it lists with "!": each entry point must be listed. */
describe('the packaged .vsix', () => {
  it('ships every entry point the manifest names (main for desktop, browser for the web)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string; browser?: string };
    const kept = fs
      .readFileSync(path.join(root, '.vscodeignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).trim());
    const entryPoints = [manifest.main, manifest.browser].filter((entry): entry is string => !!entry).map((entry) => path.posix.normalize(entry));
    assert.deepEqual(entryPoints.length, 2, 'a desktop and a web entry point');
    for (const entry of entryPoints) assert.ok(kept.includes(entry), `${entry} is kept in the .vsix (.vscodeignore lists: ${kept.join(', ')})`);
  });

  it('ships the manifest\'s strings: every %key% in package.json has its English text in package.nls.json', () => {
    const manifestText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const keys = [...manifestText.matchAll(/"%([^%"]+)%"/g)].map((match) => match[1]);
    if (keys.length === 0) return;
    const strings = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    for (const key of keys) assert.ok(typeof strings[key] === 'string' && strings[key].length > 0, `package.nls.json has ${key}`);
    const kept = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    assert.ok(kept.includes('!package.nls.json'), 'package.nls.json is kept in the .vsix');
  });
});
