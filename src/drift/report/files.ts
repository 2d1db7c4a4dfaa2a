// The files a drift command writes into its reports directory: the one list of them.

export const REPORT_FILES = { json: 'drift.json', markdown: 'drift.md', junit: 'drift.junit.xml', har: 'drift.har' } as const;

/** The history file's name in the reports directory, unless DRIFT_HISTORY names another file. */
export const HISTORY_FILE = 'drift-history.jsonl';
