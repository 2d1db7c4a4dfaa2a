#!/usr/bin/env node
// `npm run check:package`: builds dist/, then lints the package as it would be published.
//
// - publint --strict: the manifest (exports, files, main/types) points at files that exist and have
//   the right format; warnings count as failures.
// - attw --pack: packs the tarball and checks that TypeScript finds the right declarations for the
//   package under node10, node16 (import and require) and bundler resolution.
//   ./openapi.yaml and ./openapi.json are data files, not modules: TypeScript never resolves a .yaml
//   import, and node10 resolution ignores `exports` altogether, so attw would report both as
//   unresolvable although Node's resolver serves them (tests/package/consumer.test.ts proves it).
//   They are left out of the attw check only; publint still checks their targets exist.
//
// Exits non-zero, naming the failed step, if any step reports a problem.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const steps = [
  ['build', [join(root, 'scripts/build.mjs')]],
  ['publint', [join(root, 'node_modules/publint/src/cli.js'), '--strict']],
  [
    'attw',
    [
      join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'),
      '--pack',
      '.',
      '--exclude-entrypoints',
      './openapi.yaml',
      './openapi.json',
    ],
  ],
];

for (const [name, args] of steps) {
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`check:package: ${name} reported a problem (output above)`);
    process.exit(1);
  }
}
console.log('check:package: build, publint and attw found no problem');
