// drift-baseline.json: the findings the team has acknowledged, each tied to the register entry that
// records the decision. A run reports every finding as `new` or `known`, and every entry that no
// longer occurs on an operation it checked as `resolved`; known findings do not fail the run.
//
// An entry matches a finding by operation, status, kind and location, array indices in the
// location written `*` (the same drift in the third list item instead of the first is the same
// drift). `npm run drift -- --accept Dn` adds the last run's new findings (acceptBaseline below).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parseRegister } from '../../../lib/register.mjs';
import { FINDING_KINDS, type Finding } from '../support/findings.js';

export const DEFAULT_BASELINE_PATH = fileURLToPath(new URL('../../../drift-baseline.json', import.meta.url));
export const REGISTER_PATH = fileURLToPath(new URL('../../../docs/discrepancies.md', import.meta.url));

export interface BaselineEntry {
  operationId: string;
  status: number;
  kind: Finding['kind'];
  /** The finding's location, array indices as `*`: `response.body/items/*\/status`. */
  location: string;
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
export class BaselineError extends Error {
  override name = 'BaselineError';
}

const FIELDS = ['operationId', 'status', 'kind', 'location', 'register', 'note', 'date'] as const;

/** The location as a baseline entry writes it. */
export function baselineLocation(location: string): string {
  return location.replace(/\/\d+(?=\/|$)/g, '/*');
}

export function baselineKey(entry: Pick<BaselineEntry, 'operationId' | 'status' | 'kind' | 'location'>): string {
  return [entry.operationId, entry.status, entry.kind, baselineLocation(entry.location)].join(' ');
}

/** The baseline at `file`; an absent file is an empty baseline, a malformed one a BaselineError. */
export function readBaseline(file: string = DEFAULT_BASELINE_PATH, registerIds: ReadonlySet<string> = readRegisterIds()): Baseline {
  if (!existsSync(file)) return { file, entries: [] };
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  // YAML parses JSON and keeps where each node is, so every problem can name its line.
  const document = parseDocument(text, { lineCounter: lines, strict: true, uniqueKeys: true, prettyErrors: false });
  const at = (node: Node | null | undefined, offset = 0) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? offset);
    return `${file}:${line}:${col}`;
  };
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? document.errors[0]?.pos[0] ?? text.length);
    throw new BaselineError(`${at(undefined, position)}: not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
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
    const key = baselineKey(valid);
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
  for (const field of ['operationId', 'location', 'note'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '') return `"${field}" must be a non-empty string`;
  }
  if (typeof register !== 'string' || !registerIds.has(register)) {
    return `"register" ${JSON.stringify(register)} names no entry of docs/discrepancies.md`;
  }
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) return `"date" must be YYYY-MM-DD`;
  return undefined;
}

export function readRegisterIds(file: string = REGISTER_PATH): Set<string> {
  return new Set(parseRegister(readFileSync(file, 'utf8')).map((entry) => entry.id));
}

/** The baseline entry a finding matches, if any. */
export function baselineMatcher(baseline: Baseline): (finding: Finding) => BaselineEntry | undefined {
  const byKey = new Map(baseline.entries.map((entry) => [baselineKey(entry), entry]));
  return (finding) => byKey.get(baselineKey(finding));
}

export interface AcceptedFinding extends Pick<Finding, 'operationId' | 'status' | 'kind' | 'location' | 'message' | 'discrepancy'> {
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
      location: baselineLocation(finding.location),
      register,
      note: note ?? finding.message,
      date,
    };
    if (match(finding as Finding) || added.some((other) => baselineKey(other) === baselineKey(entry))) continue;
    added.push(entry);
  }
  return { baseline: { ...baseline, entries: [...baseline.entries, ...added] }, added };
}

export function baselineText(baseline: Baseline): string {
  return `${JSON.stringify({ entries: baseline.entries }, null, 2)}\n`;
}
