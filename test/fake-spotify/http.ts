// Small HTTP helpers shared by the fake's handlers: a handler returns a Reply, the server sends it.
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Transport faults: close the socket without answering, or never answer. */
  transport?: 'drop' | 'stall';
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The Web API pretty-prints its JSON (that is part of the bytes `fields` saves); accounts does not. */
export function json(status: number, value: unknown, pretty = false, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value, null, pretty ? 2 : undefined) };
}

/** The Web API's regular error body `{"error":{"status":N,"message":"..."}}`. */
export function apiError(status: number, message: string, extra: { reason?: string } = {}, headers: Record<string, string> = {}): Reply {
  return json(status, { error: { status, message, ...extra } }, true, headers);
}

/** The accounts service's OAuth error body `{"error":"...","error_description":"..."}`. */
export function oauthError(error: string, description: string): Reply {
  return json(400, { error, error_description: description });
}

export function html(status: number, title: string, bodyHtml: string): Reply {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#121212;color:#fff;max-width:32rem;margin:4rem auto;padding:0 1rem}
button{font-size:1rem;padding:.6rem 1.4rem;border-radius:2rem;border:0;margin-right:.5rem;cursor:pointer}
#agree{background:#1ed760}#cancel{background:#333;color:#fff}li{margin:.3rem 0}</style></head><body>${bodyHtml}</body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page };
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location, 'content-type': 'text/html; charset=utf-8' }, body: '' };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
