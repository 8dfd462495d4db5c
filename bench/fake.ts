// The fake Spotify as the benchmark drives it: a child process, steered and read over its HTTP
// control API (/__fake/*, which is itself neither counted nor logged by the fake).
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { FakeStats, LogEntry } from '../test/fake-spotify/state';

/** The fake's own types for what /__fake/stats and /__fake/log answer. */
export type FakeStatsView = FakeStats;
export type FakeLogEntry = LogEntry;

export interface FakeStartOptions {
  seed: number;
  liked: number;
  playlists: number;
  latencyMs: number;
}

export class FakeSpotifyProcess {
  private constructor(
    private readonly child: ChildProcess,
    /** http://127.0.0.1:PORT: the accounts service and the control API. */
    readonly url: string,
    /** url + '/v1': the Web API. */
    readonly apiUrl: string,
  ) {}

  static async start(options: FakeStartOptions): Promise<FakeSpotifyProcess> {
    const child = fork(path.join(__dirname, 'fakeProcess.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--enable-source-maps'] });
    const ready = await new Promise<{ url: string; apiUrl: string }>((resolve, reject) => {
      child.once('message', (message: { type: string; url?: string; apiUrl?: string; message?: string }) => {
        if (message.type === 'ready' && message.url && message.apiUrl) resolve({ url: message.url, apiUrl: message.apiUrl });
        else reject(new Error(`fake Spotify did not start: ${message.message ?? JSON.stringify(message)}`));
      });
      child.once('exit', (code) => reject(new Error(`fake Spotify exited with ${code}`)));
      child.send({ type: 'start', ...options });
    });
    return new FakeSpotifyProcess(child, ready.url, ready.apiUrl);
  }

  async control<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/__fake/${route}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`/__fake/${route}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  reset(options: { seed: number; liked: number; playlists: number }): Promise<{ liked: number; playlists: number }> {
    return this.control('POST', 'reset', options);
  }

  configure(patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.control('POST', 'config', patch);
  }

  stats(): Promise<FakeStatsView> {
    return this.control('GET', 'stats');
  }

  log(): Promise<FakeLogEntry[]> {
    return this.control('GET', 'log');
  }

  clearLog(): Promise<unknown> {
    return this.control('POST', 'log/clear', {});
  }

  like(count: number): Promise<{ total: number }> {
    return this.control('POST', 'library/like', { count });
  }

  info(): Promise<{ liked: number; playlists: number; fixtures: Record<string, string> }> {
    return this.control('GET', 'info');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGTERM'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
