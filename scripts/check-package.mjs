#!/usr/bin/env node
// `npm run check:package`: builds dist/, then lints the package as it would be published.
//
// - publint --strict: the manifest (exports, files, main/types) points at files that exist and have
//   the right format; warnings count as failures.
// - attw: checks that TypeScript finds the right declarations for every entry of the packed tarball
//   under node10, node16 (import and require) and bundler resolution. The tarball is packed here
//   from the dist/ just built, without the `prepare` script (attw --pack would run it: a second build).
//   ./openapi.yaml and ./openapi.json are data files, not modules: TypeScript never resolves a .yaml
//   import, and node10 resolution ignores `exports` altogether, so attw would report both as
//   unresolvable although Node's resolver serves them (tests/package/consumer.test.ts proves it).
//   They are left out of the attw check only; publint still checks their targets exist.
//
// Exits non-zero, naming the failed step, if any step reports a problem.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packed = mkdtempSync(join(tmpdir(), 'check-package-'));
const attw = () => [
  join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'),
  join(packed, readdirSync(packed)[0] ?? 'no tarball'),
  '--exclude-entrypoints',
  './openapi.yaml',
  './openapi.json',
];

const steps = [
  ['build', process.execPath, () => [join(root, 'scripts/build.mjs')]],
  ['publint', process.execPath, () => [join(root, 'node_modules/publint/src/cli.js'), '--strict']],
  ['npm pack', 'npm', () => ['pack', '--ignore-scripts', '--silent', '--pack-destination', packed]],
  ['attw', process.execPath, attw],
];

let failed;
try {
  failed = steps.find(([, command, args]) => spawnSync(command, args(), { cwd: root, stdio: 'inherit' }).status !== 0)?.[0];
} finally {
  rmSync(packed, { recursive: true, force: true });
}
if (failed) {
  console.error(`check:package: ${failed} reported a problem (output above)`);
  process.exit(1);
}
console.log('check:package: build, publint and attw found no problem');
