import * as assert from 'node:assert/strict';
import { exportsFor } from '../../src/common/extensionExports';

// vscode.ExtensionMode's values (vscode.d.ts); the integration suite checks them against the real enum.
const PRODUCTION = 1;
const DEVELOPMENT = 2;
const TEST = 3;

describe('exportsFor (what activate() hands to other extensions)', () => {
  const parts = { auth: { getAccessToken: () => 'a token' } };

  it('hands out nothing in normal use, where any extension could read it', () => {
    assert.equal(exportsFor(PRODUCTION, parts), undefined);
    assert.equal(exportsFor(DEVELOPMENT, parts), undefined);
  });

  it('hands the parts to the extension\'s own tests', () => {
    assert.equal(exportsFor(TEST, parts), parts);
  });
});
