// The JSON pointer helpers live in scripts/lib so the node scripts and the tests share them.
export * from '../../../lib/spec/json-pointer.mjs';
