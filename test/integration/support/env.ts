// Environment variables between the launchers (run-code-server.mjs, run-desktop.mjs)
// and the suites in the extension host. The launchers spell the same names.

/** Folder the runner writes events.jsonl and results.json to; no runner work without it. */
export const OUT_DIR_ENV = 'HELPDESK_INTEGRATION_OUT';
/** The window's user-data folder, so suites can check files on disk (settings.json, logs). */
export const USER_DATA_ENV = 'HELPDESK_INTEGRATION_USER_DATA';
/** Only run tests whose full title matches this (mocha's grep), for a quick local loop. */
export const GREP_ENV = 'HELPDESK_INTEGRATION_GREP';
