// Runs the fake Spotify in its own process, so its page rendering does not share the benchmark's
// event loop (wall times) or heap (retained-heap numbers). Started by fake.ts over IPC.
import { startFakeSpotify } from '../test/fake-spotify/server';

interface StartMessage {
  type: 'start';
  seed: number;
  liked: number;
  playlists: number;
  latencyMs: number;
}

process.once('message', (message: StartMessage) => {
  if (message.type !== 'start') return;
  startFakeSpotify({ seed: message.seed, liked: message.liked, playlists: message.playlists, latencyMs: message.latencyMs, autoApprove: true }).then(
    (fake) => {
      process.send?.({ type: 'ready', url: fake.url, apiUrl: fake.apiUrl });
      const stop = () => void fake.close().then(() => process.exit(0));
      process.on('disconnect', stop);
      process.on('SIGTERM', stop);
    },
    (error: unknown) => {
      process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
});
