import * as assert from 'node:assert/strict';
import { describeRateLimit } from '../../src/api/rateLimitWords';
import { signInErrors } from '../../src/auth/signInErrors';
import { fillPlaceholders, l10n, useTranslator } from '../../src/common/l10n';
import { SCOPE_WORDS, SECTION_INFO } from '../../src/common/sections';
import { EXPORT_COLUMNS } from '../../src/editor/exportFormats';
import { ordersFor } from '../../src/views/sortAndFilter';

/** A stand-in for a language: every message marked, its placeholders filled as vscode.l10n.t does. */
const marked = (message: string, ...args: Array<string | number | boolean>) => `«${fillPlaceholders(message, args)}»`;

describe('l10n.t of the modules without vscode', () => {
  it('fills placeholders in English until activate() installs VS Code\'s translator', () => {
    assert.equal(l10n.t('{0} of {1} liked songs', '50', '2,000'), '50 of 2,000 liked songs');
    assert.equal(l10n.t('{1} before {0}, {0} again, {2} left alone', 'a', 'b'), 'b before a, a again, {2} left alone');
  });

  it('words what it says through the installed translator, and English again once it is removed', () => {
    const restore = useTranslator(marked);
    try {
      assert.equal(signInErrors.invalidClientId('abc').message.startsWith('«Spotify does not know the Client ID "abc".'), true);
      assert.match(describeRateLimit(Date.now() + 60_000, false, Date.now(), 'en').node, /^«Spotify's request limit for your app is used up until .+\.»$/);
    } finally {
      restore();
    }
    assert.match(signInErrors.invalidClientId('abc').message, /^Spotify does not know/);
  });

  it('words the tables made when the modules load at the time they are read, so they follow the translator', () => {
    const restore = useTranslator(marked);
    try {
      assert.equal(SECTION_INFO.liked.label, '«Liked Songs»');
      assert.equal(SECTION_INFO.shows.tooltip, '«Podcasts you saved, newest first»');
      assert.equal(SCOPE_WORDS['user-follow-read'], '«see the artists you follow»');
      assert.equal(EXPORT_COLUMNS[3].heading, '«Album or Show»');
      assert.deepEqual(ordersFor('section:albums').map((option) => option.label), ['«Recently added»', '«Alphabetical»', '«Artist»', '«Release date»']);
    } finally {
      restore();
    }
    assert.equal(SECTION_INFO.liked.label, 'Liked Songs');
  });
});
