// The package version, sent in the default User-Agent. tests/client/headers.test.ts keeps it equal to
// package.json, so bumping one without the other fails the suite.
export const VERSION = '0.1.0';
