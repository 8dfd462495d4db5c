#!/usr/bin/env node
// `npm start`: the extension, installed from a freshly packaged .vsix, in a real VS Code
// (code-server) on 127.0.0.1, signed in against the fake Spotify's sample library.
// Open the printed address in a browser on this machine; Ctrl+C stops everything.
//   LIBRARY_FOR_SPOTIFY_PORT=8080       code-server's port (default 8080, or a free one if taken)
//   LIBRARY_FOR_SPOTIFY_SIGN_IN_FLOW    loopback (default), redirect, paste, or auto
// It prints the address and how to sign in; `npm start -- --verbose` also prints each step and the
// fake Spotify's control switches.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const verbose = process.argv.includes('--verbose');

/** Runs one preparation step; its output shows only with --verbose, or when it fails. */
function step(title, command, args, { showOutput = false } = {}) {
  const started = Date.now();
  const inherit = verbose && showOutput;
  if (verbose) process.stdout.write(`[start] ${title}...${inherit ? '\n' : ''}`);
  const run = spawnSync(command, args, { cwd: root, stdio: inherit ? 'inherit' : 'pipe', encoding: 'utf8' });
  if (run.status !== 0) {
    if (!inherit) process.stdout.write(`\n${run.stdout ?? ''}${run.stderr ?? ''}`);
    console.error(`[start] ${title} failed`);
    process.exit(1);
  }
  if (verbose) console.log(`${inherit ? `[start] ${title}: ` : ' '}done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const stoppers = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  if (verbose) console.log('\n[start] stopping...');
  for (const stop of stoppers.reverse()) await stop().catch((error) => console.error(`[start] ${error.message}`));
  if (verbose) console.log('[start] stopped');
  process.exit(code);
}

async function main() {
  if (!verbose) console.log('Starting VS Code with Library for Spotify (the first run also installs VS Code: a few minutes)...');
  step('VS Code host (code-server)', 'bash', ['scripts/ensure-vscode-host.sh'], { showOutput: true });
  step('build', process.execPath, ['esbuild.js', '--tests']);
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'library-for-spotify-vsix-'));
  const vsix = path.join(packDir, 'library-for-spotify.vsix');
  // vsce runs vscode:prepublish (the minified production bundle) and packs what .vscodeignore lets through;
  // README images stay relative (the repository is not on a host vsce knows how to link to).
  step('package .vsix', process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix]);

  const { startFakeSpotify, describeFake } = require(path.join(root, 'out', 'test', 'fake-spotify', 'server.js'));
  const { FAKE_CLIENT_ID } = require(path.join(root, 'out', 'test', 'fake-spotify', 'fixtures.js'));
  const { startCodeServer } = require(path.join(root, 'out', 'test', 'host', 'codeServer.js'));

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));
  stoppers.push(async () => fs.rmSync(packDir, { recursive: true, force: true }));

  // Not auto-approving: signing in shows the fake's consent page, as Spotify would.
  const fake = await startFakeSpotify({ liked: 3000, playlists: 40, autoApprove: false });
  stoppers.push(() => fake.close());

  const wanted = Number(process.env.LIBRARY_FOR_SPOTIFY_PORT) || 8080;
  const port = (await portIsFree(wanted)) ? wanted : undefined;
  const signInFlow = process.env.LIBRARY_FOR_SPOTIFY_SIGN_IN_FLOW || 'loopback';
  const server = await startCodeServer({
    port,
    installExtensions: [vsix],
    settings: {
      'spotifyLibrary.clientId': FAKE_CLIENT_ID,
      'spotifyLibrary.apiBaseUrl': fake.apiUrl,
      'spotifyLibrary.accountsBaseUrl': fake.url,
      // The fake's stand-in for https://vscode.dev/redirect (the redirect flow).
      'spotifyLibrary.redirectPageUrl': `${fake.url}/redirect`,
      'spotifyLibrary.signInFlow': signInFlow,
    },
  });
  stoppers.push(() => server.stop());
  void server.exited.then((code) => {
    if (stopping) return;
    console.error(`[start] code-server exited (${code}):\n${server.logTail()}`);
    void stopAll(1);
  });

  if (verbose) {
    console.log('');
    console.log(describeFake(fake));
    console.log(`\nLibrary for Spotify is installed from a fresh .vsix; sign-in flow: ${signInFlow}.`);
  }
  console.log('');
  console.log('Open this address in a browser on this machine:');
  console.log('');
  console.log(`    ${server.workbenchUrl()}`);
  console.log('');
  console.log('Then click the Spotify Library icon in the activity bar, "Sign In to Spotify", Allow, and');
  console.log('Agree on the sample consent page (no Spotify account needed). Ctrl+C stops everything.');
}

main().catch((error) => {
  console.error(error);
  void stopAll(1);
});
