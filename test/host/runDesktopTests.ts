// `npm run test:desktop`: the same integration suite in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code from Microsoft (the CI machines
// here cannot; `npm test` runs the suite in code-server instead). On a Linux machine without a
// display: `xvfb-run -a npm run test:desktop`. VSCODE_VERSION picks the version (default stable).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { FAKE_CLIENT_ID } from '../fake-spotify/fixtures';
import { startFakeSpotify } from '../fake-spotify/server';
import { QUIET_SETTINGS } from './codeServer';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const fake = await startFakeSpotify({ liked: 2000, playlists: 30 });
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'library-for-spotify-desktop-'));
  let counts: { passed: number; failed: number; pending: number } | undefined;
  try {
    const userDataDir = path.join(runDir, 'user-data');
    const workspaceDir = path.join(runDir, 'workspace');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(workspaceDir, { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({
        ...QUIET_SETTINGS,
        'spotifyLibrary.clientId': FAKE_CLIENT_ID,
        'spotifyLibrary.apiBaseUrl': fake.apiUrl,
        'spotifyLibrary.accountsBaseUrl': fake.url,
        'spotifyLibrary.signInFlow': 'loopback',
      }),
    );

    // Desktop VS Code opens links with xdg-open, which honours $BROWSER: a stand-in browser records
    // each address with the fake (like the code-server harness) and follows its redirects.
    const browser = path.join(runDir, 'browser.js');
    fs.writeFileSync(
      browser,
      `#!${process.execPath}
const url = process.argv[2];
fetch(${JSON.stringify(fake.url)} + '/__fake/browser-opens', { method: 'POST', body: JSON.stringify({ url }) })
  .then(() => (/^https?:/.test(url) ? fetch(url, { redirect: 'follow' }) : undefined))
  .catch(() => undefined);
`,
      { mode: 0o755 },
    );

    // test/integration/index.ts writes the counts here (this version of @vscode/test-electron, the
    // last for Node 20, passes VS Code's output straight to ours, with no stream to read them from).
    const resultFile = path.join(runDir, 'result.json');
    const code = await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      extensionTestsEnv: {
        FAKE_SPOTIFY_URL: fake.url,
        FAKE_SPOTIFY_API_URL: fake.apiUrl,
        MOCHA_GREP: process.env.MOCHA_GREP,
        MOCHA_COLORS: process.stdout.isTTY ? '1' : '0',
        BROWSER: browser,
        LIBRARY_FOR_SPOTIFY_RESULT_FILE: resultFile,
      },
      launchArgs: [
        workspaceDir,
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`,
        '--disable-extensions', // other extensions; the one under development still loads
      ],
    }).catch((error: unknown) => {
      // runTests rejects with TestRunFailedError when VS Code exits non-zero (a test failed).
      const exit = (error as { code?: number }).code;
      if (typeof exit === 'number') return exit;
      throw error;
    });
    if (fs.existsSync(resultFile)) counts = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as typeof counts;
    console.log(`Integration (desktop): ${counts?.passed ?? 0} passed, ${counts?.failed ?? 0} failed, ${counts?.pending ?? 0} skipped`);
    return code === 0 && counts ? 0 : counts ? 1 : 2;
  } finally {
    await fake.close();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
