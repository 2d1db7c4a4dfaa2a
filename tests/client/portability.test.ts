// The client (src/index.ts and every module it reaches) must run on Node >= 20, Deno, Bun, browsers
// and edge runtimes: it may use fetch, Web Crypto, AbortController and TextEncoder, never a Node
// built-in. So must the testing entry's mock (src/testing/mock.ts and what it reaches: the contract
// validator and spec, lib/spec's modules) and its MSW handlers (src/testing/msw.ts), which browsers
// run; the entry's two Node-only modules (the spec file of the sources, the HTTP listener) are
// outside it, and the package's bundle of the entry is checked in tests/testing/bundle.test.ts. The
// drift engine (src/drift/) and the rest of the contract library are Node programs the package ships
// only inside the conomy-drift bundle.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importedModules } from '../support/imports.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The portable program as tsconfig.build.json describes it (the client entry, the mock, its MSW handlers, and all they import). */
function portableProgram(): { program: ts.Program; types: string[] | undefined } {
  const configPath = join(root, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  const program = ts.createProgram({ rootNames: parsed?.fileNames ?? [], options: { ...parsed?.options, noEmit: true } });
  return { program, types: parsed?.options.types };
}

/** The program's own source files: what it holds under src/ and lib/. */
function ownSources(program: ts.Program): string[] {
  return program.getSourceFiles().map((file) => file.fileName).filter((file) => file.startsWith(join(root, 'src/')) || file.startsWith(join(root, 'lib/')));
}

const NODE_BUILTINS = new Set(builtinModules);

/**
 * The Node built-ins a source imports, in every form TypeScript's own scanner knows: `from '…'`,
 * `import '…'`, `import('…')`, `export … from '…'` and `require('…')`. Sub-paths such as
 * `fs/promises` count as their module.
 */
function nodeImports(source: string): string[] {
  return importedModules(source).filter((name) => name.startsWith('node:') || NODE_BUILTINS.has(name) || NODE_BUILTINS.has(name.split('/')[0] ?? ''));
}

describe('runtime portability of src/', () => {
  it('the import check flags node: and bare built-ins in every import form, and nothing else', () => {
    const source = [
      "import { x } from 'node:fs';",
      "import createClient from 'openapi-fetch';",
      "import { ConomyError } from './core/error.js';",
      "import 'node:process';",
      "export { join } from 'path';",
      "const { readFile } = await import('fs');",
      "const streams = await import('stream/web');",
    ].join('\n');
    expect(nodeImports(source)).toEqual(['node:fs', 'node:process', 'path', 'fs', 'stream/web']);
  });

  it('imports no node: module and no bare Node built-in', () => {
    const files = ownSources(portableProgram().program);
    const names = files.map((file) => file.replace(root, ''));
    // The whole client, not a part of it: the entry, its core, internals and generated types; and
    // the whole mock with the validator, spec and toolkit modules it runs on.
    expect(names).toEqual(expect.arrayContaining(['src/index.ts', 'src/core/client.ts', 'src/internal/secrets.js']));
    expect(names).toEqual(expect.arrayContaining(['src/testing/mock.ts', 'src/testing/handlers.ts', 'src/testing/msw.ts', 'src/contract/judge/validator.ts', 'lib/spec/refs.mjs']));
    // Which is why the mock takes the spec document and the listener from the entry.
    expect(names).not.toEqual(expect.arrayContaining(['src/testing/index.ts']));
    expect(names.filter((name) => /spec-document|listen|load\.mjs|package-files/.test(name))).toEqual([]);
    const offenders = files.flatMap((file) => nodeImports(readFileSync(file, 'utf8')).map((name) => `${file.replace(root, '')}: ${name}`));
    expect(offenders).toEqual([]);
  }, 30_000);

  it('type-checks without @types/node (tsconfig.build.json, types: [])', () => {
    const { program, types } = portableProgram();
    expect(types).toEqual([]);
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName.replace(root, '')}: ` : '';
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    });
    expect(problems).toEqual([]);
  }, 30_000);
});
