import { readSettings } from '../common/config';
import { Disposable } from '../common/lifecycle';
import type { LibraryModel } from '../library/libraryModel';
import type { LibraryView } from './libraryView';
import { RecentlyPlayedNode, type RecentlyPlayedSource } from './nodes/recentlyPlayedNode';
import { RECENTLY_PLAYED_REASK_MS } from '../common/sections';

/** How often the shown rows' "min. ago" words move on (no request). */
const REWORD_MS = 60_000;

/**
 * When Recently Played asks Spotify. Every reason, and there is no other (no polling):
 * - it is expanded for the first time (or after a sign-in) while the view is visible;
 * - it is expanded again, or the view becomes visible again with it expanded, and the last ask was
 *   a minute ago or more;
 * - the view's Refresh or a Retry, while it is expanded and visible.
 * Hidden view, collapsed section, section not shown, signed out: no request at all.
 */
export class RecentlyPlayedSection extends Disposable {
  readonly node: RecentlyPlayedNode;
  readonly #view: LibraryView;
  readonly #source: RecentlyPlayedSource;
  #expanded = false;
  /** Refresh came while it could not ask: the next time it is shown asks whatever the minute says. */
  #stale = false;
  #rewordTimer: ReturnType<typeof setInterval> | undefined;

  constructor(view: LibraryView, source: RecentlyPlayedSource, model: LibraryModel) {
    super();
    this.#view = view;
    this.#source = source;
    this.node = new RecentlyPlayedNode(source, model, { shown: () => this.#shownByTree(), retry: () => this.retry() });
    this._register(view.tree.addHistoryRoot('recentlyPlayed', this.node, { refresh: () => this.refresh() }));
    const { treeView } = view;
    this._register(
      treeView.onDidExpandElement(({ element }) => {
        if (element !== this.node) return;
        this.#expanded = true;
        this.#reword();
        void this.#askIfDue();
      }),
    );
    this._register(
      treeView.onDidCollapseElement(({ element }) => {
        if (element !== this.node) return;
        this.#expanded = false;
        this.#reword();
      }),
    );
    this._register(
      treeView.onDidChangeVisibility(({ visible }) => {
        this.#reword();
        if (visible) void this.#askIfDue();
      }),
    );
    this._register(
      source.onDidChange(() => {
        this.#reword();
        view.tree.refreshNode(this.node);
      }),
    );
    this._register({ dispose: () => this.#stopRewording() });
  }

  /** The view's Refresh: asks now (plays after the newest) when shown, else when next shown. */
  async refresh(): Promise<void> {
    if (!this.#canAsk()) {
      this.#stale = true;
      return;
    }
    this.#stale = false;
    await this.#source.ask('interactive');
  }

  /** Retry on its error row. */
  retry(): Promise<void> {
    return this.#source.ask('interactive');
  }

  /** The tree reads the rows, so the section is expanded: the first time, that is the reason to ask. */
  #shownByTree(): Promise<void> | undefined {
    if (!this.#expanded) {
      this.#expanded = true; // expanded when the view restored it, without an expand event
      this.#reword();
    }
    if (!this.#canAsk()) return undefined;
    if (this.#source.isLoading) return this.#source.ask();
    // An error stays until Retry (or a permission granted clears it): repainting is no reason to ask.
    if (!this.#source.isLoaded && !this.#source.error) return this.#source.ask('interactive');
    return undefined;
  }

  #askIfDue(): Promise<void> | undefined {
    if (!this.#canAsk()) return undefined;
    const { askedAt, isLoaded, error } = this.#source;
    if (!isLoaded && error) return undefined; // the error row offers Retry
    const due = this.#stale || askedAt === undefined || Date.now() - askedAt >= RECENTLY_PLAYED_REASK_MS;
    if (!due) return undefined;
    this.#stale = false;
    return this.#source.ask('background');
  }

  #canAsk(): boolean {
    return this.#expanded && this.#view.treeView.visible && readSettings().viewSections.includes('recentlyPlayed');
  }

  /** While its rows are on screen, their "min. ago" words follow the clock: a repaint, never a request. */
  #reword(): void {
    const shown = this.#expanded && this.#view.treeView.visible && this.#source.rows.length > 0;
    if (!shown) return this.#stopRewording();
    this.#rewordTimer ??= setInterval(() => {
      if (this.#view.treeView.visible && this.#expanded) this.#view.tree.refreshNode(this.node);
    }, REWORD_MS);
  }

  #stopRewording(): void {
    if (this.#rewordTimer) clearInterval(this.#rewordTimer);
    this.#rewordTimer = undefined;
  }
}
