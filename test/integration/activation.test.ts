// Smoke test in the real extension host: the extension activates and everything its manifest
// promises exists (the CI check that every contributed command is registered).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportsFor } from '../../src/common/extensionExports';
import type { LibraryExtensionApi } from '../../src/extension';

interface Manifest {
  publisher: string;
  name: string;
  contributes: {
    commands: { command: string }[];
    viewsContainers: { activitybar: { id: string }[] };
    views: Record<string, { id: string }[]>;
    authentication: { id: string }[];
  };
}

const manifest = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
) as Manifest;

describe('Activation', () => {
  it('activates the extension', async () => {
    const extension = vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`);
    assert.ok(extension, 'extension is loaded');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers every command contributed in package.json', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes commands');
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('hands its parts to its own tests, in Test mode only (no session for other extensions)', async () => {
    const extension = vscode.extensions.getExtension<LibraryExtensionApi | undefined>(`${manifest.publisher}.${manifest.name}`);
    const exported = await extension!.activate();
    assert.ok(exported, 'the test run gets the parts');
    assert.equal(typeof exported.whenSessionSynced, 'function');
    assert.ok(exported.model && exported.tree && exported.treeView, 'model, tree and view');
    // The same decision with VS Code's own ExtensionMode values.
    assert.equal(exportsFor(vscode.ExtensionMode.Test, exported), exported);
    assert.equal(exportsFor(vscode.ExtensionMode.Production, exported), undefined);
    assert.equal(exportsFor(vscode.ExtensionMode.Development, exported), undefined);
  });

  it('shows the Spotify Library view container and its view', async () => {
    const [container] = manifest.contributes.viewsContainers.activitybar;
    const exported = await vscode.extensions.getExtension<LibraryExtensionApi>(`${manifest.publisher}.${manifest.name}`)!.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${container.id}`);
    for (const view of manifest.contributes.views[container.id]) {
      await vscode.commands.executeCommand(`${view.id}.focus`);
    }
    const deadline = Date.now() + 10_000;
    while (!exported.treeView.visible && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(exported.treeView.visible, true, 'the Library view is shown');
  });

  it('registers the spotify authentication provider', async () => {
    const [provider] = manifest.contributes.authentication;
    assert.equal(provider.id, 'spotify');
    // Throws "No authentication provider 'spotify' is currently registered" (after a wait) when absent.
    const session = await vscode.authentication.getSession(provider.id, ['user-library-read'], { silent: true });
    assert.equal(session, undefined, 'a fresh profile has no session');
  });
});
