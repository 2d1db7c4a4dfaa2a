// The spec gate of a contract run: the global setup asks it before any target starts, so a broken
// openapi.yaml stops `npm run contract` and `npm run drift` with its problems located
// (`openapi.yaml:997:19 struct: ...`), not with "No test files found", a stack trace, or a run that
// silently has fewer cases. Three questions: is it YAML, does it pass `npm run lint` (its errors;
// warnings do not stop a run), and can the suite derive its cases and compile its schemas from it.
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { formatLintProblem, lintFiles } from '../../../../lib/redocly-lint.mjs';
import { firstLines } from '../../drift/records.js';
import { escapeSegment } from '../../../../lib/spec/index.mjs';
import { DEFAULT_SPEC_PATH, loadSpec } from './contract-spec.js';
import { responseValidatorFor } from '../judge/validator.js';

/**
 * What is wrong with openapi.yaml (or another spec, for a replay) as a contract, one located line
 * each; none when it is usable. Only the repository's spec has contract cases to derive.
 */
export async function specProblems(specPath: string = DEFAULT_SPEC_PATH): Promise<string[]> {
  const yamlErrors = yamlProblems(specPath);
  if (yamlErrors.length > 0) return yamlErrors;
  let lint;
  try {
    lint = (await lintFiles([specPath])).get(specPath) ?? [];
  } catch (error) {
    return [`redocly lint could not check ${specPath}: ${firstLines(error)}`];
  }
  const errors = lint.filter((problem) => problem.severity === 'error').map(formatLintProblem);
  if (errors.length > 0) return errors;
  try {
    await derive(specPath);
    return [];
  } catch (error) {
    return [`the contract suite cannot derive its cases from ${specPath}, which passes lint: ${firstLines(error)}`];
  }
}

/** Syntax errors with their line and column; Redocly names only the first one, and without a report. */
function yamlProblems(specPath: string): string[] {
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch (error) {
    return [`${specPath} cannot be read: ${(error as Error).message}`];
  }
  const file = relative(dirname(DEFAULT_SPEC_PATH), specPath);
  return parseDocument(text).errors.map((error) => {
    const [position] = error.linePos ?? [];
    const [headline] = error.message.split('\n');
    return `${file}${position ? `:${position.line}:${position.col}` : ''} yaml: ${headline?.replace(/ at line \d+, column \d+:?$/, '')}`;
  });
}

/** What the contract test files do on import, and every schema a response is judged by, compiled. */
async function derive(specPath: string): Promise<void> {
  const spec = loadSpec(specPath);
  if (specPath === DEFAULT_SPEC_PATH) await import('../../cases/index.js');
  const validator = responseValidatorFor(spec);
  for (const operation of spec.operations) {
    for (const response of operation.responses) {
      for (const contentType of response.contentTypes) {
        validator.schemaAt(`${response.pointer}/content/${escapeSegment(contentType)}/schema`);
      }
    }
  }
}
