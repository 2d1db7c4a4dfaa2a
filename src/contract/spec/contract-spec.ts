// Loads openapi.yaml once; the questions the contract suite asks of it are answered by the spec
// built from its document (spec-from-document.ts, which reads no file).
import { resolve as resolvePath } from 'node:path';
import { packageFile } from '../../../lib/package-files.mjs';
import { readSpec } from '../../../lib/spec/load.mjs';
import { specFromDocument, type ContractSpec } from './spec-from-document.js';

export { specFromDocument } from './spec-from-document.js';
export type { ContractSpec, Operation, OperationPair, ResponseSpec } from './spec-from-document.js';

/** The contract: this package's openapi.yaml, in a clone or in an installed package alike. */
export const DEFAULT_SPEC_PATH = packageFile('openapi.yaml');

const loaded = new Map<string, ContractSpec>();

/** The spec at `file` (default: the repository's openapi.yaml), parsed once per process. */
export function loadSpec(file: string = DEFAULT_SPEC_PATH): ContractSpec {
  const absolute = resolvePath(file);
  let spec = loaded.get(absolute);
  if (!spec) {
    spec = specFromDocument(readSpec(absolute), absolute);
    loaded.set(absolute, spec);
  }
  return spec;
}
