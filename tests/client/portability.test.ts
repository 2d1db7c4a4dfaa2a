// src/ must run on Node >= 20, Deno, Bun, browsers and edge runtimes: it may use fetch, Web Crypto,
// AbortController and TextEncoder, never a Node built-in.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.(ts|js)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
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
    const offenders = sourceFiles(join(root, 'src')).flatMap((file) =>
      nodeImports(readFileSync(file, 'utf8')).map((name) => `${file.replace(root, '')}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it('type-checks without @types/node (tsconfig.build.json, types: [])', () => {
    const configPath = join(root, 'tsconfig.build.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    });
    expect(parsed?.options.types).toEqual([]);
    const program = ts.createProgram({ rootNames: parsed?.fileNames ?? [], options: { ...parsed?.options, noEmit: true } });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName.replace(root, '')}: ` : '';
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    });
    expect(problems).toEqual([]);
  }, 30_000);
});
