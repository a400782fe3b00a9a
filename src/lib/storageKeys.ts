// Every name the tracker uses in the page's storage, built in one place. localStorage keys all
// start with `sls-webtrack:`, so a site can tell them apart (and clear them) at a glance.

const PREFIX = 'sls-webtrack:';

/** The remembered opt-out of one project and logstore: `'1'` while opted out. */
export const optOutKey = (project: string, logstore: string): string => `${PREFIX}optout:${project}/${logstore}`;
/** The answers the tabs got lately from one track URL (createSharedHealth). */
export const healthKey = (url: string): string => `${PREFIX}answers:${url}`;
/** Prefix of the marks of sent logs (createSentMarks): `…sent:<tab>:<n>`. */
export const SENT_MARK_PREFIX = `${PREFIX}sent:`;
/** Prefix of every journal (createJournal), whatever its track URL: their sizes share one bound. */
export const JOURNAL_PREFIX = `${PREFIX}journal:`;
/** Prefix of the journals of one track URL: `…journal:<url>#<tab>`. */
export const journalPrefix = (url: string): string => `${JOURNAL_PREFIX}${url}#`;
/** Prefix of a tab's Web Lock name, or of its heartbeat key where Web Locks are missing. */
export const TAB_PREFIX = `${PREFIX}tab:`;
/** The Web Lock that every tab of one database (`dbName`) holds in shared mode (createTabPresence). */
export const peersLock = (db: string): string => `${TAB_PREFIX}${db}`;
/** The visitor id of auto-capture. */
export const VISITOR_KEY = `${PREFIX}vid`;
/** The session id of auto-capture, as `id.lastActivity`. */
export const SESSION_KEY = `${PREFIX}sid`;
/** The IndexedDB database of one track URL. */
export const dbName = (url: string): string => `sls-webtrack ${url}`;
