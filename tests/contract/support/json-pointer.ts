// The spec toolkit lives in lib/spec/ so the node scripts and the tests share it.
export * from '../../../lib/spec/index.mjs';
