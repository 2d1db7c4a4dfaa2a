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

  it('runs for a version tag, not for the major tag it moves, and moves that tag to the release', () => {
    const release = parse(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')) as { on: { push: { tags: string[] } } };
    // GitHub's tag filters are globs in which + repeats the character before it.
    const matches = (tag: string) => release.on.push.tags.some((glob) => new RegExp(`^${glob.replaceAll('.', '\\.').replaceAll('*', '.*')}$`).test(tag));
    expect(['v0.3.0', 'v1.12.0', 'v1.0.0-rc.1'].filter(matches)).toEqual(['v0.3.0', 'v1.12.0', 'v1.0.0-rc.1']);
    expect(['v0', 'v1', 'latest'].filter(matches)).toEqual([]);
    const move = step(/major tag/);
    const repository = join(scratch, 'tags');
    const git = (args: string) => bash(`git ${args}`, {}, repository);
    expect(bash(`git init -q ${repository} && cd ${repository} && git -c user.name=t -c user.email=t@t commit -q --allow-empty -m one && git tag v0.3.0 && git init -q --bare ../remote.git && git remote add origin ../remote.git`, {}, scratch).status).toBe(0);
    expect(bash(move, { TAG: 'v0.3.0' }, repository).status).toBe(0);
    expect(git('ls-remote --tags origin').stdout).toMatch(/refs\/tags\/v0$/m);
    expect(git('rev-parse v0').stdout).toBe(git('rev-parse v0.3.0^{commit}').stdout);
    // A prerelease does not move it.
    expect(bash(`git -c user.name=t -c user.email=t@t commit -q --allow-empty -m two && git -c user.name=t -c user.email=t@t tag -a -m rc v0.4.0-rc.1`, {}, repository).status).toBe(0);
    expect(bash(move, { TAG: 'v0.4.0-rc.1' }, repository).stdout).toContain('prerelease');
    expect(git('rev-parse v0').stdout).toBe(git('rev-parse v0.3.0^{commit}').stdout);
  });

  it('takes the release notes from the CHANGELOG entry of the version, and only that entry', () => {
    const notes = step(/GitHub release/).replace(/\n\s*gh release create.*$/s, '\ncat release-notes.md');
    const run = bash(`cp ${join(root, 'CHANGELOG.md')} . && ${notes}`, { TAG: `v${version}` }, scratch);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\n?### (Major|Minor|Patch) Changes/);
    expect(run.stdout).not.toMatch(/^## /m);
  });
});
