// Starts code-server (the VS Code 1.139 server and web workbench) as installed by
// scripts/ensure-vscode-host.sh, with fresh per-run state. Shared by the integration run and
// `npm start`. See ../shared/vscode-host.md for why each flag is here.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const HOST_NAME = '127.0.0.1';

/** Settings that silence offline noise (open-vsx, GitHub auth, AI features) and save ~1 s. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

export interface HostPaths {
  hostDir: string;
  node: string;
  entry: string;
}

export function hostPaths(): HostPaths {
  const hostDir =
    process.env.LIBRARY_FOR_SPOTIFY_HOST_DIR ?? path.join(os.homedir(), '.cache', 'library-for-spotify', 'vscode-host');
  const paths = {
    hostDir,
    node: path.join(hostDir, 'node', 'bin', 'node'),
    entry: path.join(hostDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
  if (!fs.existsSync(path.join(hostDir, 'stamp')) || !fs.existsSync(paths.node) || !fs.existsSync(paths.entry)) {
    throw new Error(`code-server is not installed in ${hostDir}: run 'bash scripts/ensure-vscode-host.sh' first`);
  }
  return paths;
}

export interface CodeServerOptions {
  /** User settings merged over QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** .vsix files installed into this run's extensions dir before the server starts. */
  installExtensions?: string[];
  /** Links to these open without the "Do you want code-server to open the external website?" dialog (e.g. https://open.spotify.com). */
  trustedDomains?: string[];
  /** Fixed port; a free one by default. */
  port?: number;
  /**
   * VS Code's display language (`--locale`, as "Configure Display Language" sets it). VS Code takes
   * one only with a language pack for it, so an empty pack is registered: VS Code's own words stay
   * English, while `vscode.env.language`, extensions' l10n bundles and package.nls.<language>.json
   * follow it, as for a user who installed the pack.
   */
  displayLanguage?: string;
}

export interface CodeServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly runDir: string;
  /** An empty folder opened as the workspace. */
  readonly workspaceDir: string;
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) when the server process exits. */
  readonly exited: Promise<number | string>;
  /** The workbench URL opening `folder` with a test payload (see vscode-host.md step 4). */
  workbenchUrl(payload?: ReadonlyArray<readonly [string, string]>, folder?: string): string;
  /** vscode-remote:// URI of a path on this machine, as the payload wants. */
  remoteUri(absPath: string): string;
  /** Last lines of the server's log, for failure reports. */
  logTail(lines?: number): string;
  /** SIGTERM to the whole process group, SIGKILL after 5 s; removes runDir. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST_NAME, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * What VS Code writes to languagepacks.json when a language pack extension is installed (its
 * languages, and where each one's translations of VS Code are), for a pack translating nothing.
 */
function registerEmptyLanguagePack(runDir: string, userDataDir: string, language: string): void {
  const translations = path.join(runDir, `language-pack-${language}`, 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations), { recursive: true });
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = {
    hash: `empty-${language}`,
    extensions: [{ extensionIdentifier: { id: `library-for-spotify-tests.language-pack-${language}` }, version: '0.0.0' }],
    translations: { vscode: translations },
    label: language,
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [language]: pack }));
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const host = hostPaths();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'library-for-spotify-run-'));
  const dirs = {
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    tmp: path.join(runDir, 'tmp'),
    workspace: path.join(runDir, 'workspace'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(runDir, 'code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  if (options.displayLanguage) registerEmptyLanguagePack(runDir, dirs.userData, options.displayLanguage);
  const userSettingsDir = path.join(dirs.userData, 'User');
  fs.mkdirSync(userSettingsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userSettingsDir, 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
  );

  // PATH: Node 24 first, so helpers code-server spawns by name run on the right Node.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(host.node)}${path.delimiter}${process.env.PATH ?? ''}`,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
  };
  // Settings from the caller's own editor or a parent code-server must not leak in.
  for (const key of Object.keys(env)) {
    if (/^(VSCODE_|CODE_SERVER_)/.test(key) || ['ELECTRON_RUN_AS_NODE', 'PORT', 'PASSWORD', 'HASHED_PASSWORD'].includes(key)) {
      delete env[key];
    }
  }
  const common = ['--config', configFile, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  for (const vsix of options.installExtensions ?? []) {
    const result = spawnSync(host.node, [host.entry, ...common, '--install-extension', vsix, '--force'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (result.status !== 0) {
      throw new Error(`code-server --install-extension ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
    }
  }

  const port = options.port ?? (await freePort());
  const logFile = path.join(runDir, 'code-server.log');
  const log = fs.createWriteStream(logFile);
  const child: ChildProcess = spawn(
    host.node,
    [
      host.entry,
      ...common,
      '--bind-addr', `${HOST_NAME}:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      // Without it the workbench silently ignores the test payload and the run hangs.
      '--vscode-option', 'enable-smoke-test-driver',
      ...(options.trustedDomains ?? []).flatMap((domain) => ['--link-protection-trusted-domains', domain]),
      ...(options.displayLanguage ? ['--locale', options.displayLanguage] : []),
    ],
    // Its own process group, so stop() reaches the extension host and every helper.
    { env, cwd: dirs.workspace, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(`spawn error: ${error.message}`));
  });
  const tail: string[] = [];
  const onData = (chunk: Buffer): void => {
    log.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 200) tail.shift();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const pgid = child.pid;
  const killGroup = (signal: NodeJS.Signals): void => {
    if (pgid === undefined) return;
    try {
      process.kill(-pgid, signal);
    } catch {
      // already gone
    }
  };
  // A crashing launcher must not leave the server behind.
  const onExit = (): void => killGroup('SIGKILL');
  process.once('exit', onExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      process.removeListener('exit', onExit);
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      // Helpers of the group may outlive the leader by a moment; make sure none are left.
      await new Promise((resolve) => setTimeout(resolve, 100));
      killGroup('SIGKILL');
      log.end();
      fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    })());

  const url = `http://${HOST_NAME}:${port}`;
  const server: CodeServer = {
    port,
    url,
    runDir,
    workspaceDir: dirs.workspace,
    logFile,
    exited,
    workbenchUrl(payload, folder = dirs.workspace) {
      let result = `${url}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
      if (payload) result += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return result;
    },
    remoteUri(absPath) {
      return `vscode-remote://${HOST_NAME}:${port}${absPath}`;
    },
    logTail(lines = 40) {
      return tail.slice(-lines).join('\n');
    },
    stop,
  };

  try {
    await waitForHealthz(url, exited, 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- code-server output ---\n${tail.slice(-40).join('\n')}`, { cause: error });
  }
  return server;
}

async function waitForHealthz(url: string, exited: Promise<number | string>, timeoutMs: number): Promise<void> {
  let exitCode: number | string | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before it was healthy`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}
