/**
 * The logging surface the non-UI layers see. In the extension it is the one LogOutputChannel
 * ("Library for Spotify"); in unit tests and the benchmark a silent or array-backed logger.
 * Never pass a token, an authorization code or a PKCE verifier to it.
 */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Prefixes every message with `[component]`, so the Output channel reads by part. */
export function tagged(logger: Logger, component: string): Logger {
  const tag = `[${component}] `;
  return {
    trace: (m, ...a) => logger.trace(tag + m, ...a),
    debug: (m, ...a) => logger.debug(tag + m, ...a),
    info: (m, ...a) => logger.info(tag + m, ...a),
    warn: (m, ...a) => logger.warn(tag + m, ...a),
    error: (m, ...a) => logger.error(typeof m === 'string' ? tag + m : m, ...a),
  };
}
