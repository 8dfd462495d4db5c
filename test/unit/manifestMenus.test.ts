import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

/** The Library's row menus as a keyboard user reaches them. */
describe('the Library view\'s row menus', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]> } };
  const entries = manifest.contributes.menus['view/item/context'].filter((entry) => (entry.when ?? '').includes('view == spotifyLibrary.library'));

  it('offers every inline button in the context menu too (Shift+F10 reaches it; hover-only buttons do not)', () => {
    const inline = entries.filter((entry) => entry.group?.startsWith('inline'));
    assert.ok(inline.length > 0);
    for (const button of inline) {
      const inMenu = entries.some((entry) => !entry.group?.startsWith('inline') && entry.command === button.command && entry.when === button.when);
      assert.ok(inMenu, `${button.command} (${button.when}) is in the context menu as well`);
    }
  });

  it('offers no copy command on notices, errors or permission rows: they are messages', () => {
    for (const contextValue of ['spotifyLibrary:notice', 'spotifyLibrary:notice:opens', 'spotifyLibrary:error', 'spotifyLibrary:scope']) {
      const shown = entries.filter((entry) => {
        const match = /viewItem =~ \/(.+)\/([a-z]*)/.exec(entry.when ?? '');
        return !!match && new RegExp(match[1], match[2]).test(contextValue);
      });
      assert.deepEqual(shown.filter((entry) => /copy|insertLink/i.test(entry.command)).map((entry) => entry.command), [], contextValue);
    }
  });
});

describe('the Library view\'s welcome', () => {
  // A command link alone on its line is a button in a welcome view; one primary action per state.
  for (const file of ['package.nls.json', 'package.nls.de.json']) {
    it(`signed out, ${file}: Sign In is the one button, Change Client ID a link`, () => {
      const strings = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
      const buttons = strings['viewsWelcome.library.signedOut'].split('\n').filter((line) => /^\[[^\]]+\]\(command:[^)]+\)$/.test(line));
      assert.deepEqual(buttons.map((line) => /command:([^)]+)/.exec(line)![1]), ['spotifyLibrary.signIn']);
      assert.match(strings['viewsWelcome.library.signedOut'], /\(command:spotifyLibrary\.setUpClientId\)/, 'still offered, as a link');
    });
  }
});

describe('the Library view\'s header', () => {
  // VS Code heads a container's only view "CONTAINER: VIEW" unless the two names are the same.
  for (const file of ['package.nls.json', 'package.nls.de.json']) {
    it(`reads as one name, not "Spotify Library: Library" (${file})`, () => {
      const strings = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
      assert.equal(strings['views.library.name'], strings['viewsContainers.spotifyLibrary.title']);
    });
  }
});
