// The layout's one rule: production code (src/, lib/, scripts/) never imports a test or a test
// runner, so the drift engine and its command run where nothing but the package is installed.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importedModules } from '../support/imports.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.(ts|js|mjs)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

/** What a file imports that production code must not: a module under tests/, or a test runner. */
function testImports(file: string, source = readFileSync(file, 'utf8')): string[] {
  return importedModules(source).filter(
    (name) => /^(vitest|@vitest\/|jiti|@stoplight\/prism)/.test(name) || (name.startsWith('.') && relative(root, resolve(dirname(file), name)).startsWith('tests/')),
  );
}

describe('the layout', () => {
  it('the check finds an import of a test and of vitest, and nothing else', () => {
    const source = `import { x } from '../../tests/drift/harness.js';
      import { it } from 'vitest';
      const jiti = await import('jiti');
      import { runCase } from '../contract/run/runner.js';
      import { parse } from 'yaml';`;
    expect(testImports(join(root, 'src/drift/run.ts'), source)).toEqual(['../../tests/drift/harness.js', 'vitest', 'jiti']);
  });

  it('no file of src/, lib/ or scripts/ imports from tests/, vitest, jiti or Prism', () => {
    const files = ['src', 'lib', 'scripts'].flatMap((dir) => sources(join(root, dir)));
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((file) => testImports(file).map((name) => `${relative(root, file)}: ${name}`))).toEqual([]);
  });
});
