#!/usr/bin/env node
// npm run version:packages: the release's versioning step. Applies the pending changesets
// (`changeset version`: the bump in package.json and the entry in CHANGELOG.md), carries the new
// version into openapi.yaml's info.version and src/generated/version.ts (npm run generate), so the
// package, the contract it ships and the client's User-Agent say the same version, and puts the spec
// diff against the latest release tag into the new CHANGELOG.md entry. When any step fails, every
// file is put back as it was, pending changesets included.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const at = (path) => join(root, path);

/** Every file this script (or `changeset version`) may write, with its content now. */
function snapshot() {
  const changesets = readdirSync(at('.changeset')).filter((name) => name.endsWith('.md')).map((name) => `.changeset/${name}`);
  const paths = ['package.json', 'package-lock.json', 'CHANGELOG.md', 'openapi.yaml', 'src/generated/version.ts', ...changesets];
  return new Map(paths.map((path) => [path, existsSync(at(path)) ? readFileSync(at(path)) : undefined]));
}

function restore(files) {
  for (const [path, content] of files) {
    if (content === undefined) rmSync(at(path), { force: true });
    else writeFileSync(at(path), content);
  }
}

const before = snapshot();
function stop(message) {
  restore(before);
  console.error(`version:packages: ${message}; every file is as it was before`);
  process.exit(1);
}

function run(what, args, options = {}) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', options.capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) stop(`${what} failed (exit ${result.status})`);
  return result.stdout;
}

run('changeset version', [require.resolve('@changesets/cli/bin.js'), 'version']);
const { version } = JSON.parse(readFileSync(at('package.json'), 'utf8'));

// The one `version:` line of the info object (the spec is hand-curated: only that line changes).
const spec = readFileSync(at('openapi.yaml'), 'utf8');
const infoVersion = /^(info:\n(?:[ \t]+.*\n)*?[ \t]+version:[ \t]*).*$/m;
if (!infoVersion.test(spec)) stop('openapi.yaml has no info.version line to update');
writeFileSync(at('openapi.yaml'), spec.replace(infoVersion, `$1${version}`));
console.log(`version:packages: openapi.yaml info.version is ${version}`);

run('npm run generate', [at('scripts/generate.mjs')]);

// The spec diff's summary, and its gate: a breaking change without the bump it needs stops the release.
const release = latestReleaseTag();
if (!release) console.log('version:packages: no release tag (v*) yet, so the entry has no spec changes section');
else {
  const section = run(`spec:diff against ${release}`, [at('scripts/spec-diff.mjs'), '--markdown', release], { capture: true }).trim();
  if (section) {
    const changelog = readFileSync(at('CHANGELOG.md'), 'utf8');
    const heading = `## ${version}\n`;
    if (!changelog.includes(heading)) stop(`CHANGELOG.md has no "## ${version}" entry for the spec changes`);
    writeFileSync(at('CHANGELOG.md'), changelog.replace(heading, `${heading}\n${section}\n`));
    console.log(`version:packages: CHANGELOG.md ${version} lists the spec changes since ${release}`);
  }
}

function latestReleaseTag() {
  try {
    return execFileSync('git', ['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
