#!/usr/bin/env node
// npm run version:packages: the release's versioning step. Applies the pending changesets
// (`changeset version`: the bump in package.json and the entry in CHANGELOG.md), then carries the new
// version into openapi.yaml's info.version and src/generated/version.ts (npm run generate), so the
// package, the contract it ships and the client's User-Agent say the same version.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function run(what, args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`version:packages: ${what} failed (exit ${result.status}); nothing after it was changed`);
    process.exit(1);
  }
}

run('changeset version', [require.resolve('@changesets/cli/bin.js'), 'version']);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// The one `version:` line of the info object (the spec is hand-curated: only that line changes).
const specPath = join(root, 'openapi.yaml');
const spec = readFileSync(specPath, 'utf8');
const infoVersion = /^(info:\n(?:[ \t]+.*\n)*?[ \t]+version:[ \t]*).*$/m;
if (!infoVersion.test(spec)) {
  console.error('version:packages: openapi.yaml has no info.version line to update');
  process.exit(1);
}
writeFileSync(specPath, spec.replace(infoVersion, `$1${version}`));
console.log(`version:packages: openapi.yaml info.version is ${version}`);

run('npm run generate', [join(root, 'scripts/generate.mjs')]);
