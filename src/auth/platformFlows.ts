/** The flows only this platform has. Node: the loopback server. The web build uses platformFlows.web.ts (esbuild.js). */
import type { SignInFlow } from './flows';
import { loopbackFlow } from './loopbackFlow';

export const platformSignInFlows: readonly SignInFlow[] = [loopbackFlow];
