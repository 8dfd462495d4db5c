/** The web worker extension host cannot listen on a port: no loopback flow there (see platformFlows.ts). */
import type { SignInFlow } from './flows';

export const platformSignInFlows: readonly SignInFlow[] = [];
