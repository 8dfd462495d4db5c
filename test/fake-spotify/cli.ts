// npm run fake-spotify -- --port 8090 --liked 2000 [--playlists 30] [--albums 500 --artists 300 --shows 80 --episodes 120] [--seed 1] [--latency 40] [--auto-approve] [--expires-in 3600]
import { describeFake, FakeSpotifyOptions, startFakeSpotify } from './server';

const USAGE = 'usage: fake-spotify [--port N] [--liked N] [--playlists N] [--albums N] [--artists N] [--shows N] [--episodes N] [--seed N] [--latency MS] [--expires-in S] [--auto-approve]';

function parseArgs(argv: string[]): FakeSpotifyOptions {
  const options: FakeSpotifyOptions = {};
  const numeric: Record<string, keyof FakeSpotifyOptions> = {
    '--port': 'port',
    '--liked': 'liked',
    '--playlists': 'playlists',
    '--albums': 'albums',
    '--artists': 'artists',
    '--shows': 'shows',
    '--episodes': 'episodes',
    '--seed': 'seed',
    '--latency': 'latencyMs',
    '--expires-in': 'expiresIn',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--auto-approve') options.autoApprove = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (numeric[flag]) {
      const text = inline ?? argv[++i];
      const value = Number(text);
      if (text === undefined || !Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a non-negative integer`);
      (options as Record<string, number>)[numeric[flag]] = value;
    } else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
  }
  return options;
}

async function main(): Promise<void> {
  const fake = await startFakeSpotify(parseArgs(process.argv.slice(2)));
  console.log(describeFake(fake));
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping fake Spotify`);
    fake.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
