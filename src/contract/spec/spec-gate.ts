// The spec gate of a contract run: the global setup asks it before any target starts, so a broken
// openapi.yaml stops `npm run contract` and `npm run drift` with its problems located
// (`openapi.yaml:997:19 struct: ...`), not with "No test files found", a stack trace, or a run that
// silently has fewer cases. Three questions: is it YAML, does it pass `npm run lint` (its errors;
// warnings do not stop a run), and can the suite derive its cases and compile its schemas from it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { formatLintProblem, lintFiles, lintUnavailable } from '../../../lib/redocly-lint.mjs';
import { firstLines } from '../first-lines.js';
import { escapeSegment } from '../../../lib/spec/index.mjs';
import { DEFAULT_SPEC_PATH, loadSpec } from './contract-spec.js';
import { responseValidatorFor } from '../judge/validator.js';

export interface SpecGateOptions {
  /**
   * Builds the cases that will run, so that a spec they cannot be derived from stops the run here.
   * Default: the cases that may run on any target (src/contract/cases/); the mock suite passes its own.
   */
  deriveCases?: () => Promise<unknown>;
}

/**
 * What is wrong with openapi.yaml (or another spec, for a replay) as a contract, one located line
 * each; none when it is usable. Only the package's own spec has contract cases to derive. Where the
 * lint cannot run (an installed package has neither @redocly/cli nor the lint rules: see
 * lintUnavailable), the spec is still parsed and every case and schema derived from it.
 */
export async function specProblems(specPath: string = DEFAULT_SPEC_PATH, options: SpecGateOptions = {}): Promise<string[]> {
  const yamlErrors = yamlProblems(specPath);
  if (yamlErrors.length > 0) return yamlErrors;
  if (lintUnavailable() === undefined) {
    const errors = await lintErrors(specPath);
    if (errors.length > 0) return errors;
  }
  try {
    await derive(specPath, options.deriveCases ?? (() => import('../cases/index.js')));
    return [];
  } catch (error) {
    return [`the contract suite cannot derive its cases from ${specPath}, which passes lint: ${firstLines(error)}`];
  }
}

/** Lint results by file and content: one `redocly lint` (seconds) per spec text in a process that runs many drift checks. */
const linted = new Map<string, Promise<string[]>>();

/** The errors `npm run lint` reports for the spec (warnings do not stop a run), located. */
function lintErrors(specPath: string): Promise<string[]> {
  const key = `${specPath}\0${createHash('sha256').update(readFileSync(specPath)).digest('hex')}`;
  let errors = linted.get(key);
  if (!errors) {
    errors = lintFiles([specPath]).then(
      (problems) => (problems.get(specPath) ?? []).filter((problem) => problem.severity === 'error').map(formatLintProblem),
      (error: unknown) => [`redocly lint could not check ${specPath}: ${firstLines(error)}`],
    );
    linted.set(key, errors);
  }
  return errors;
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
async function derive(specPath: string, deriveCases: () => Promise<unknown>): Promise<void> {
  const spec = loadSpec(specPath);
  if (specPath === DEFAULT_SPEC_PATH) await deriveCases();
  const validator = responseValidatorFor(spec);
  for (const operation of spec.operations) {
    for (const response of operation.responses) {
      for (const contentType of response.contentTypes) {
        validator.schemaAt(`${response.pointer}/content/${escapeSegment(contentType)}/schema`);
      }
    }
  }
}
