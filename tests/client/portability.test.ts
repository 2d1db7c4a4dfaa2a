// src/ must run on Node >= 20, Deno, Bun, browsers and edge runtimes: it may use fetch, Web Crypto,
// AbortController and TextEncoder, never a Node built-in.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('runtime portability of src/', () => {
  it('imports no node: module and no bare Node built-in', () => {
    const offenders = sourceFiles(join(root, 'src')).filter((file) =>
      /from\s+['"](node:|fs|path|crypto|http|https|util|stream|buffer)['"]|require\(/.test(readFileSync(file, 'utf8')),
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
