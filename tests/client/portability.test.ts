// The client (src/index.ts and every module it reaches) must run on Node >= 20, Deno, Bun, browsers
// and edge runtimes: it may use fetch, Web Crypto, AbortController and TextEncoder, never a Node
// built-in. The contract library and the drift engine (src/contract/, src/drift/) are Node programs
// the package ships only inside the conomy-drift bundle.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The client's program as tsconfig.build.json describes it (the entry and all it imports). */
function clientProgram(): { program: ts.Program; types: string[] | undefined } {
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

/** The client's own source files: what its program holds under src/. */
function clientSources(program: ts.Program): string[] {
  return program.getSourceFiles().map((file) => file.fileName).filter((file) => file.startsWith(join(root, 'src/')));
}

const NODE_BUILTINS = new Set(builtinModules);

/**
 * The Node built-ins a source imports, in every form TypeScript's own scanner knows: `from '…'`,
 * `import '…'`, `import('…')`, `export … from '…'` and `require('…')`. Sub-paths such as
 * `fs/promises` count as their module.
 */
function nodeImports(source: string): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((file) => file.fileName)
    .filter((name) => name.startsWith('node:') || NODE_BUILTINS.has(name) || NODE_BUILTINS.has(name.split('/')[0] ?? ''));
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
    const files = clientSources(clientProgram().program);
    // The whole client, not a part of it: the entry, its core, internals and generated types.
    expect(files.map((file) => file.replace(root, ''))).toEqual(expect.arrayContaining(['src/index.ts', 'src/core/client.ts', 'src/internal/secrets.js']));
    const offenders = files.flatMap((file) => nodeImports(readFileSync(file, 'utf8')).map((name) => `${file.replace(root, '')}: ${name}`));
    expect(offenders).toEqual([]);
  }, 30_000);

  it('type-checks without @types/node (tsconfig.build.json, types: [])', () => {
    const { program, types } = clientProgram();
    expect(types).toEqual([]);
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName.replace(root, '')}: ` : '';
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    });
    expect(problems).toEqual([]);
  }, 30_000);
});
