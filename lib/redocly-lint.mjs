// `redocly lint` as data: the house-rule tests read each problem's rule and pointer, the contract
// run's spec gate prints them located (file:line:col). One CLI call lints every file given, with the
// repository's redocly.yaml, so what both see is exactly what `npm run lint` reports.
// The conomy-drift command of an installed package has neither @redocly/cli nor the lint rules:
// `lintUnavailable()` says so, and the drift run goes on without the lint.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT as root } from './package-files.mjs';

const config = join(root, 'redocly.yaml');

/**
 * Why `lintFiles` cannot run here, or undefined when it can.
 * @returns {string | undefined}
 */
export function lintUnavailable() {
  if (!existsSync(config)) return 'the lint rules (redocly.yaml) come with the repository, not with the installed package';
  return redoclyCli() === undefined ? '@redocly/cli is not installed' : undefined;
}

/** @returns {string | undefined} */
function redoclyCli() {
  try {
    return createRequire(join(root, 'package.json')).resolve('@redocly/cli/bin/cli.js');
  } catch {
    return undefined;
  }
}

/**
 * @typedef {{ line: number; col: number }} Position
 * @typedef {{ source: { ref: string }; pointer: string; start?: Position }} Location
 * @typedef {{ ruleId: string; severity: 'error' | 'warn'; message: string; location: Location[] }} LintProblem
 */

/**
 * Lints all files in one run and returns their problems by absolute path. Redocly prints one JSON
 * report per file, back to back, and exits 1 when any has errors; no report at all is an error.
 * @param {string[]} files
 * @param {{ lintConfig?: 'error' | 'warn' | 'off' }} [options] how to treat problems of redocly.yaml itself
 * @returns {Promise<Map<string, LintProblem[]>>}
 */
export async function lintFiles(files, options = {}) {
  const cli = redoclyCli();
  const unavailable = lintUnavailable();
  if (unavailable !== undefined || cli === undefined) throw new Error(`redocly lint cannot run: ${unavailable}`);
  const args = [cli, 'lint', ...files, '--config', config, '--format', 'json'];
  if (options.lintConfig) args.push('--lint-config', options.lintConfig);
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' };
  const stdout = await promisify(execFile)(process.execPath, args, { cwd: root, env, maxBuffer: 32 * 1024 * 1024 }).then(
    (result) => result.stdout,
    (/** @type {{ stdout?: string; stderr?: string; code?: number }} */ error) => {
      if (!error.stdout?.trim()) throw new Error(`redocly lint produced no report (exit ${error.code}): ${withoutBanner(error.stderr) || String(error)}`);
      return error.stdout;
    },
  );
  const json = stdout.slice(Math.max(0, stdout.indexOf('{')));
  /** @type {{ problems: LintProblem[] }[]} */
  const reports = json.split(/(?<=^\})(?=\{$)/m).map((report) => JSON.parse(report));
  /** @type {Map<string, LintProblem[]>} */
  const problemsByFile = new Map(files.map((file) => [resolve(file), []]));
  for (const problem of reports.flatMap((report) => report.problems)) {
    problemsByFile.get(resolve(root, problem.location[0]?.source.ref ?? ''))?.push(problem);
  }
  return problemsByFile;
}

/**
 * Redocly's output less its boxed notices (the Node 20 deprecation banner), which say nothing about the files.
 * @param {string | undefined} text
 */
function withoutBanner(text = '') {
  return text.split('\n').filter((line) => !/^\s*[╔║╚]/.test(line)).join('\n').trim();
}

/**
 * One line per problem, as an editor or CI log links it: `openapi.yaml:997:19 struct: <message>`.
 * @param {LintProblem} problem
 */
export function formatLintProblem(problem) {
  const where = problem.location[0];
  const file = where ? relative(root, resolve(root, where.source.ref)) : '?';
  const position = where?.start ? `:${where.start.line}:${where.start.col}` : '';
  return `${file}${position} ${problem.ruleId}: ${problem.message}`;
}
