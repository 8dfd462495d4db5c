// Points spotify-web-api-node at the fake without touching its code. Its Web API host is fixed
// (src/webapi-request.js: DEFAULT_HOST 'api.spotify.com', port 443, scheme https; no constructor
// option), and it sends through superagent, which calls `https.request(options)` on node:https at
// request time. So, inside this benchmark process only, node:https's `request` is wrapped: a
// request for api.spotify.com goes to the fake over plain http (same path, method and headers);
// every other request passes through untouched. `uninstall()` puts the original back.
import http = require('node:http');
import https = require('node:https');

type RequestFn = typeof https.request;

export interface HttpsInterception {
  /** Requests redirected to the fake so far. */
  readonly redirected: number;
  uninstall(): void;
}

export function interceptSpotifyApi(target: string, host = 'api.spotify.com'): HttpsInterception {
  const fake = new URL(target);
  const mutableHttps = https as unknown as { request: RequestFn };
  const original = mutableHttps.request;
  let redirected = 0;

  const wrapped = function request(this: unknown, ...args: unknown[]): http.ClientRequest {
    const [first, second, third] = args;
    let options: https.RequestOptions;
    let callback: ((res: http.IncomingMessage) => void) | undefined;
    if (typeof first === 'string' || first instanceof URL) {
      const url = new URL(first);
      const extra = typeof second === 'object' && second !== null ? (second as https.RequestOptions) : {};
      options = { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search, ...extra };
      callback = (typeof second === 'function' ? second : third) as typeof callback;
    } else {
      options = first ?? {};
      callback = second as typeof callback;
    }
    const targetHost = options.hostname ?? options.host;
    if (targetHost !== host) return (original as (...a: unknown[]) => http.ClientRequest).apply(this, args);
    redirected++;
    const headers = { ...(options.headers as Record<string, string> | undefined) };
    return http.request(
      {
        protocol: 'http:',
        hostname: fake.hostname,
        port: fake.port,
        method: options.method,
        path: options.path,
        headers,
        // TLS options (ca, key, servername, agent for https) do not apply to the plain-http fake.
      },
      callback,
    );
  };

  mutableHttps.request = wrapped;
  return {
    get redirected() {
      return redirected;
    },
    uninstall() {
      if (mutableHttps.request === (wrapped as unknown as RequestFn)) mutableHttps.request = original;
    },
  };
}
