// replaceDirectory (lib/replace-directory.mjs) swaps a finished build in for dist/ or site/; a
// failed swap must leave the previous output in place.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceDirectory } from '../../lib/replace-directory.mjs';

describe('replaceDirectory', () => {
  let parent: string;
  const tree = (name: string, content: string) => {
    mkdirSync(join(parent, name));
    writeFileSync(join(parent, name, 'index.html'), content);
    return join(parent, name);
  };
  const contentOf = (dir: string) => readFileSync(join(dir, 'index.html'), 'utf8');

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'replace-directory-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('moves the build into place when there is no previous output', () => {
    const built = tree('.site-build', 'new');
    replaceDirectory(built, join(parent, 'site'));
    expect(contentOf(join(parent, 'site'))).toBe('new');
    expect(readdirSync(parent)).toEqual(['site']);
  });

  it('replaces the previous output and removes it', () => {
    tree('site', 'old');
    const built = tree('.site-build', 'new');
    replaceDirectory(built, join(parent, 'site'));
    expect(contentOf(join(parent, 'site'))).toBe('new');
    expect(readdirSync(parent)).toEqual(['site']);
  });

  it('puts the previous output back when the build cannot be moved in', () => {
    tree('site', 'old');
    const missingBuild = join(parent, '.site-build');
    expect(() => replaceDirectory(missingBuild, join(parent, 'site'))).toThrow(/could not move .*\.site-build to .*site: ENOENT/);
    expect(contentOf(join(parent, 'site'))).toBe('old');
    expect(existsSync(`${missingBuild}-previous`)).toBe(false);
  });
});
