/**
 * Keeping up with feeds (plain Node): watermarks of what the person has seen, per collection and
 * saved view, and what the server added since.
 */
export { feedKey, Watermark, Watermarks } from './watermarks';
export { markSeen, newsSince } from './news';
export type { News, NewsOptions } from './news';
export { Watcher } from './watcher';
export type { WatchStatus, WatchTarget, WatcherOptions } from './watcher';
