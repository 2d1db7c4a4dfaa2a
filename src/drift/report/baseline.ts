// drift-baseline.json: the findings the team has acknowledged, each tied to the register entry that
// records the decision. A run reports every finding as `new` or `known`, and every entry that no
// longer occurs on an operation it checked as `resolved`; known findings do not fail the run.
//
// An entry matches a finding by the finding's identity (finding-identity.js), the one the report
// and the drift issue use too. `conomy-drift --accept Dn` adds the last run's new findings
// (acceptFindings below).
import { existsSync, readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { jsonSyntaxError } from '../../../lib/json-syntax.mjs';
import { FINDING_KINDS, type Finding } from '../../contract/judge/findings.js';
import { DriftRefusal } from '../errors.js';
import { findingIdentity, identityLocation } from './finding-identity.js';
import { readRegisterIds } from './register.js';

export interface BaselineEntry {
  operationId: string;
  status: number;
  kind: Finding['kind'];
  /** The finding's location, array indices as `*`: `response.body/items/*\/status`. */
  location: string;
  /** What was seen, as the finding says it (`"ENABLED"`, `integer`, `text/html`). */
  actual: string;
  /** The register entry that records the decision, e.g. `D7`. */
  register: string;
  note: string;
  /** When it was accepted, `YYYY-MM-DD`. */
  date: string;
}

export interface Baseline {
  file: string;
  entries: BaselineEntry[];
}

/** A baseline that cannot be used; the message names the file, line and column. */
export class BaselineError extends DriftRefusal {
  override name = 'BaselineError';
}

const FIELDS = ['operationId', 'status', 'kind', 'location', 'actual', 'register', 'note', 'date'] as const;


/** The baseline at `file`; an absent file is an empty baseline, a malformed one a BaselineError. */
export function readBaseline(file: string, registerIds: ReadonlySet<string> = readRegisterIds()): Baseline {
  if (!existsSync(file)) return { file, entries: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BaselineError(`${file}: cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const lines = new LineCounter();
  // YAML parses JSON and keeps where each node is, so every problem can name its line.
  const document = parseDocument(text, { lineCounter: lines, strict: true, uniqueKeys: true, prettyErrors: false });
  const at = (node: Node | null | undefined, offset = 0) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? offset);
    return `${file}:${line}:${col}`;
  };
  const syntax = jsonSyntaxError(text);
  if (syntax) throw new BaselineError(`${at(undefined, syntax.offset)}: not valid JSON: ${syntax.problem}`);
  // What JSON allows but a baseline must not have: the same key twice.
  const [duplicate] = document.errors;
  if (duplicate) throw new BaselineError(`${at(undefined, duplicate.pos[0])}: ${duplicate.message.split('\n')[0]}`);
  const root = document.contents;
  const list = isMap(root) ? root.get('entries', true) : undefined;
  if (!isMap(root) || !isSeq(list)) throw new BaselineError(`${at(root)}: the baseline must be a JSON object with an "entries" list`);
  const seen = new Map<string, string>();
  const entries = list.items.map((item, index) => {
    const where = `${at(item as Node)}: entry ${index + 1}`;
    const entry: unknown = isMap(item) ? item.toJSON() : undefined;
    const problem = entryProblem(entry, registerIds);
    if (problem) throw new BaselineError(`${where}: ${problem}`);
    const valid = entry as BaselineEntry;
    const key = findingIdentity(valid);
    const earlier = seen.get(key);
    if (earlier) throw new BaselineError(`${where}: the same finding as ${earlier}`);
    seen.set(key, `entry ${index + 1}`);
    return valid;
  });
  return { file, entries };
}

function entryProblem(entry: unknown, registerIds: ReadonlySet<string>): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'not an object';
  const record = entry as Record<string, unknown>;
  const missing = FIELDS.filter((field) => record[field] === undefined);
  if (missing.length > 0) return `${missing.map((field) => `"${field}"`).join(', ')} missing`;
  const unknown = Object.keys(record).filter((field) => !(FIELDS as readonly string[]).includes(field));
  if (unknown.length > 0) return `unknown field(s) ${unknown.map((field) => `"${field}"`).join(', ')}`;
  const { status, kind, register, date } = record;
  if (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599) return `"status" is not an HTTP status: ${JSON.stringify(status)}`;
  if (!(FINDING_KINDS as readonly unknown[]).includes(kind)) return `"kind" ${JSON.stringify(kind)} is no finding kind (${FINDING_KINDS.join(', ')})`;
  for (const field of ['operationId', 'location', 'actual', 'note'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '') return `"${field}" must be a non-empty string`;
  }
  if (typeof register !== 'string' || !registerIds.has(register)) {
    return `"register" ${JSON.stringify(register)} names no entry of docs/discrepancies.md`;
  }
  const realDate = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
  if (!realDate) return `"date" must be a date written YYYY-MM-DD`;
  return undefined;
}

/** The baseline entry a finding matches, if any. */
export function baselineMatcher(baseline: Baseline): (finding: Finding) => BaselineEntry | undefined {
  const byKey = new Map(baseline.entries.map((entry) => [findingIdentity(entry), entry]));
  return (finding) => byKey.get(findingIdentity(finding));
}

export interface AcceptedFinding extends Pick<Finding, 'operationId' | 'status' | 'kind' | 'location' | 'actual' | 'message' | 'discrepancy'> {
  baseline?: 'new' | 'known';
}

/**
 * The baseline with the new findings of a report added under `register`: with `all`, every new
 * finding; else only those the register entry is already named for (their `x-discrepancy`).
 */
export function acceptFindings(
  baseline: Baseline,
  findings: readonly AcceptedFinding[],
  { register, all, note, date }: { register: string; all: boolean; note?: string; date: string },
): { baseline: Baseline; added: BaselineEntry[] } {
  const match = baselineMatcher(baseline);
  const added: BaselineEntry[] = [];
  for (const finding of findings) {
    if (!all && !finding.discrepancy?.includes(register)) continue;
    const entry: BaselineEntry = {
      operationId: finding.operationId,
      status: finding.status,
      kind: finding.kind,
      location: identityLocation(finding.location),
      actual: finding.actual,
      register,
      note: note ?? finding.message,
      date,
    };
    if (match(finding as Finding) || added.some((other) => findingIdentity(other) === findingIdentity(entry))) continue;
    added.push(entry);
  }
  return { baseline: { ...baseline, entries: [...baseline.entries, ...added] }, added };
}

export function baselineText(baseline: Baseline): string {
  return `${JSON.stringify({ entries: baseline.entries }, null, 2)}\n`;
}
