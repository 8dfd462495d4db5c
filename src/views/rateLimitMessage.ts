/**
 * The view's message while Spotify holds requests. One place for it, worded with the same time as
 * the error node's "used up until ..." (src/api's rateLimitMessage), so the two never disagree.
 */
export function rateLimitViewMessage(until: number | undefined, now = Date.now()): string | undefined {
  if (until === undefined || until <= now) return undefined;
  return `Spotify asked to slow down: loading continues at ${formatRetryTime(until, now)}.`;
}

/** "14:05" today; past today the day too, as the error node words it. */
export function formatRetryTime(at: number, now = Date.now()): string {
  const time = new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return sameDay ? time : `${new Date(at).toLocaleDateString()} ${time}`;
}
