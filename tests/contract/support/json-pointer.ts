// The JSON pointer helpers live in scripts/lib so the node scripts and the tests share them.
export * from '../../../lib/json-pointer.mjs';
