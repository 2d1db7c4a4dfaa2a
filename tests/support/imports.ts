// What a source file imports, in every form TypeScript's own scanner knows: `from '…'`,
// `import '…'`, `import('…')`, `export … from '…'` and `require('…')`. The portability and
// layout checks read imports this one way.
import ts from 'typescript';

export function importedModules(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}
