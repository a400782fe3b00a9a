// What a test needs of a browser, the same in every engine: tabs of one profile (one origin's
// storage shared by them), script run in a tab, a real click, and the tab's own end.

/** One tab. `evaluate` runs `fn(arg)` in the page and resolves with its (awaited) result. */
export interface Tab {
  goto(url: string): Promise<void>;
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** A real click on the first element matching `selector` (input events, not `el.click()`). */
  click(selector: string): Promise<void>;
  close(): Promise<void>;
}

export interface Engine {
  /** "firefox" or "webkit". */
  name: string;
  /** The browser's own version string, for the figures. */
  version: string;
  newTab(): Promise<Tab>;
  close(): Promise<void>;
}
