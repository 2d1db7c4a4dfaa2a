#!/usr/bin/env node
// npm run spec:diff [-- [--markdown] <git-ref>]: the breaking-change gate on openapi.yaml. Compares the
// spec with its version at <git-ref> (default: the latest release tag v*, else origin/main), prints
// every change as breaking or non-breaking, and exits 1 when a breaking change is not matched by the
// version bump it needs in package.json: a major bump, or a minor one while the version is 0.x.
// --markdown prints the changes as a changelog section instead (nothing when there are none); the
// gate's verdict still decides the exit code and goes to stderr.
//
// The engine is `redocly diff` (Redocly CLI, already a dependency) with its diff-recommended rules
// (scripts/redocly.diff.yaml): without them, the repository's redocly.yaml turns every change into a
// minor or patch one. A change it rates major is breaking; minor and patch ones are not. Exit codes:
// 0 nothing to gate, 1 a breaking change without its bump, 2 the comparison could not be made.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function main(args) {
  const markdown = args[0] === '--markdown';
  const refs = markdown ? args.slice(1) : args;
  if (refs.length > 1 || refs[0]?.startsWith('-')) return fail('usage: npm run spec:diff [-- [--markdown] <git-ref>]');
  const ref = refs[0] ?? defaultRef();
  if (!ref) return fail('no release tag (v*) and no origin/main to compare with; name a git ref: npm run spec:diff -- <git-ref>');
  const base = gitShow(ref, 'openapi.yaml');
  if (base === undefined) return fail(`${ref} is not a git ref with an openapi.yaml (git show ${ref}:openapi.yaml failed)`);
  const basePackage = gitShow(ref, 'package.json');

  const work = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  let report;
  try {
    const baseFile = join(work, `openapi-${ref.replace(/[^\w.-]+/g, '_')}.yaml`);
    writeFileSync(baseFile, base);
    report = redoclyDiff(baseFile, join(root, 'openapi.yaml'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (typeof report === 'string') return fail(report);

  const breaking = report.changes.filter((change) => change.impact === 'major');
  const rest = report.changes.filter((change) => change.impact !== 'major');
  const summary = `${breaking.length} breaking, ${rest.length} non-breaking change(s)`;
  const log = markdown ? console.error : console.log;
  if (markdown) printMarkdown(ref, breaking, rest);
  else {
    console.log(`spec:diff: openapi.yaml against ${ref}: ${summary}`);
    for (const change of [...breaking, ...rest]) console.log(`  ${change.impact === 'major' ? 'breaking    ' : 'non-breaking'} ${describe(change)}`);
  }

  const before = basePackage === undefined ? undefined : JSON.parse(basePackage).version;
  const now = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  if (breaking.length === 0) {
    log('spec:diff: no breaking change');
    return 0;
  }
  const needed = neededBump(before);
  if (before !== undefined && bumpOf(before, now) >= needed.rank) {
    log(`spec:diff: the breaking changes come with the ${needed.name} bump they need (${before} -> ${now})`);
    return 0;
  }
  console.error(
    `spec:diff: ${breaking.length} breaking change(s) need a ${needed.name} version bump in package.json ` +
      `(${before ?? 'unknown'} at ${ref}, ${now} now): bump it (a changeset of type ${needed.name}), or keep the change compatible`,
  );
  return 1;
}

/** The latest release tag, else origin/main, else nothing. */
function defaultRef() {
  const tag = git(['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*']);
  if (tag) return tag;
  return git(['rev-parse', '--verify', '--quiet', 'origin/main']) ? 'origin/main' : undefined;
}

function gitShow(ref, path) {
  return git(['show', `${ref}:${path}`], false);
}

function git(args, trim = true) {
  try {
    const output = execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return trim ? output.trim() || undefined : output;
  } catch {
    return undefined;
  }
}

/** redocly diff's JSON report, or why there is none. */
function redoclyDiff(baseFile, revisionFile) {
  const cli = require.resolve('@redocly/cli/bin/cli.js');
  const run = spawnSync(
    process.execPath,
    [cli, 'diff', baseFile, revisionFile, '--config', join(root, 'scripts/redocly.diff.yaml'), '--format', 'json', '--fail-on', 'none'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' } },
  );
  const start = run.stdout.indexOf('{');
  try {
    if (run.status !== 0 || start === -1) throw new Error('no report');
    return JSON.parse(run.stdout.slice(start));
  } catch {
    return `redocly diff failed (exit ${run.status}):\n${`${run.stdout}\n${run.stderr}`.trim()}`;
  }
}

/** The changes as the "Spec changes" section of a CHANGELOG.md entry, less info.version: every release changes it. */
function printMarkdown(ref, breaking, allRest) {
  const rest = allRest.filter((change) => (change.revision?.pointer ?? change.base?.pointer) !== '#/info/version');
  if (breaking.length + rest.length === 0) return;
  const summary = `${breaking.length} breaking, ${rest.length} non-breaking change(s)`;
  const items = [...breaking.map((change) => `- Breaking: ${describe(change)}`), ...rest.map((change) => `- Non-breaking: ${describe(change)}`)];
  console.log(['### Spec changes', '', `\`npm run spec:diff\` against ${ref}: ${summary}.`, '', ...items].join('\n'));
}

function describe(change) {
  const what = change.verdicts?.map((verdict) => verdict.message).join('; ') || `${change.kind}${change.property ? ` ${change.property}` : ''}`;
  const where = change.revision?.pointer ?? change.base?.pointer ?? change.path;
  return `${what} (${where})`;
}

const RANKS = { none: 0, patch: 1, minor: 2, major: 3 };

/** A breaking change needs a major bump, or a minor one while the version is 0.x (semver's rule for 0.y.z). */
function neededBump(version) {
  return version?.startsWith('0.') ? { name: 'minor', rank: RANKS.minor } : { name: 'major', rank: RANKS.major };
}

/** How the version went up, as a rank: 3 major, 2 minor, 1 patch, 0 not at all (0.x counts its minor as major). */
function bumpOf(before, after) {
  const [a, b] = [before, after].map((version) => version.split(/[.+-]/).slice(0, 3).map(Number));
  const differs = (index) => (b[index] ?? 0) > (a[index] ?? 0) && a.slice(0, index).every((part, i) => part === b[i]);
  if ((b[0] ?? 0) > (a[0] ?? 0)) return RANKS.major;
  if (differs(1)) return RANKS.minor;
  if (differs(2)) return RANKS.patch;
  return RANKS.none;
}

function fail(message) {
  console.error(`spec:diff: ${message}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
