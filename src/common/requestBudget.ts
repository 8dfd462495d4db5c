/** How many requests may go out in one rolling window, both lanes together. */
export interface RequestBudget {
  requests: number;
  windowMs: number;
}

/**
 * Assumed, not published: Spotify counts requests per app over a rolling 30 s and has not said how
 * many it allows. About 180 a minute has circulated for ordinary apps; dev-mode apps get less and,
 * since July 2026, one quota is shared by all of a developer's Client IDs. A 429 can cost hours,
 * so the ceiling is a third of that figure: 60 per 30 s (2 a second) still indexes 10,000 liked
 * songs (200 pages) in under two minutes. The scheduler starts at this ceiling and never probes
 * above it: probing would find the limit by tripping it.
 */
export const DEFAULT_REQUEST_BUDGET: RequestBudget = { requests: 60, windowMs: 30_000 };
