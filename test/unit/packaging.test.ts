import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

/** The `!` lines of .vscodeignore as patterns (`*` within a folder, `**` across folders). */
function keptPatterns(): RegExp[] {
  return fs
    .readFileSync(path.join(root, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => {
      const glob = line.slice(1).trim().replace(/[.+^${}()|[\]\\]/g, '\\$&');
      return new RegExp(`^${glob.replace(/\*\*/g, '\0').replace(/\*/g, '[^/]*').replace(/\0/g, '.*')}$`);
    });
}

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

  it('ships the English strings and every translation: package.nls*.json and l10n/bundle.l10n*.json', () => {
    const kept = keptPatterns();
    const files = [
      ...fs.readdirSync(root).filter((name) => /^package\.nls(\.[\w-]+)?\.json$/.test(name)),
      ...fs.readdirSync(path.join(root, 'l10n')).map((name) => `l10n/${name}`),
    ];
    assert.ok(files.includes('package.nls.json') && files.includes('l10n/bundle.l10n.json'), `the English strings exist (${files.join(', ')})`);
    for (const file of files) assert.ok(kept.some((pattern) => pattern.test(file)), `${file} is kept in the .vsix`);
  });
});
