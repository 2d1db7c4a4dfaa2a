// The release workflow's own scripts, run with bash in this repository: the step that refuses a tag,
// spec version, repository or CHANGELOG that disagree with package.json, and the extraction of the
// release notes from CHANGELOG.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workflow = parse(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')) as {
  jobs: { release: { steps: { name?: string; run?: string }[] } };
};
const step = (name: RegExp) => workflow.jobs.release.steps.find((candidate) => candidate.name && name.test(candidate.name))?.run ?? '';
const { version, repository } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  repository: { url: string };
};
const REPOSITORY = /github\.com\/(.+)\.git$/.exec(repository.url)?.[1] ?? '';
const scratch = mkdtempSync(join(tmpdir(), 'release-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bash = (script: string, env: Record<string, string>, cwd = root) =>
  spawnSync('bash', ['-e', '-c', script], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });

describe('the release workflow', { timeout: 30_000 }, () => {
  const agree = step(/agree/);

  it('goes ahead when the tag, package.json, openapi.yaml, the repository and CHANGELOG.md agree', () => {
    const run = bash(agree, { TAG: `v${version}`, REPOSITORY });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it('stops on a tag of another version, or another repository, saying which', () => {
    const tag = bash(agree, { TAG: 'v9.9.9', REPOSITORY });
    expect(tag.status).toBe(1);
    expect(tag.stdout).toContain(`::error::tag v9.9.9 does not match package.json version ${version}`);
    const fork = bash(agree, { TAG: `v${version}`, REPOSITORY: 'someone/fork' });
    expect(fork.status).toBe(1);
    expect(fork.stdout).toContain('not github.com/someone/fork');
  });

  it('takes the release notes from the CHANGELOG entry of the version, and only that entry', () => {
    const notes = step(/GitHub release/).replace(/\n\s*gh release create.*$/s, '\ncat release-notes.md');
    const run = bash(`cp ${join(root, 'CHANGELOG.md')} . && ${notes}`, { TAG: `v${version}` }, scratch);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\n?### (Major|Minor|Patch) Changes/);
    expect(run.stdout).not.toMatch(/^## /m);
  });
});
