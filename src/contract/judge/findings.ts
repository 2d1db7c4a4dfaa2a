// The drift taxonomy: every disagreement between a response (or an API behaviour) and
// openapi.yaml is one Finding. The contract suite and the drift report share this shape.

export const FINDING_KINDS = [
  'undocumented-status',
  'content-type-mismatch',
  'body-unparseable',
  'missing-required',
  'type-mismatch',
  'enum-mismatch',
  'format-mismatch',
  'constraint-violation',
  'composition-mismatch',
  'undocumented-field',
  'header-missing',
  'request-rejected',
  'request-accepted',
  'auth-not-enforced',
  'unavailable-after-create',
  'filter-ignored',
  'available-after-delete',
  'server-error',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/**
 * What a disagreement does to the generated types and client:
 * - `breaking`: the server answers something they misdescribe, or refuses a request they allow;
 * - `warning`: the server is more lenient than the spec (it accepts a request the spec forbids),
 *   which breaks no client, as spec-diff tools classify a relaxed request constraint;
 * - `additive`: the server sends more than documented (an undocumented field); clients keep working.
 */
export type Severity = 'breaking' | 'warning' | 'additive';

export const SEVERITIES: readonly Severity[] = ['breaking', 'warning', 'additive'];

export interface Finding {
  operationId: string;
  method: string;
  /** Path template from the spec, e.g. `/payment-links/{paymentLinkId}`. */
  path: string;
  status: number;
  kind: FindingKind;
  severity: Severity;
  /** `response.status`, `response.header/<name>`, or `response.body` + JSON pointer of the instance. */
  location: string;
  expected: string;
  actual: string;
  message: string;
  /** Ids of the nearest enclosing spec node marked `x-discrepancy`, e.g. `['D3']`. */
  discrepancy?: string[];
  /**
   * JSON pointer of the node of openapi.yaml the answer disagrees with, where one is: the schema
   * whose keyword a body value broke (the named component, e.g. `/components/schemas/PaymentStatus`,
   * when the value comes from a `$ref`), the operation's `responses` for an undocumented status,
   * the response's `content` or a declared header. A suggested spec change starts from it.
   */
  schema?: string;
}

export function severityOf(kind: FindingKind): Severity {
  if (kind === 'undocumented-field') return 'additive';
  return kind === 'request-accepted' ? 'warning' : 'breaking';
}

/** One line per finding, for assertion messages and the run summary. */
export function formatFinding(finding: Finding): string {
  const ids = finding.discrepancy ? ` [${finding.discrepancy.join(', ')}]` : '';
  return `${finding.operationId} ${finding.status} ${finding.kind} at ${finding.location}: ${finding.message}${ids}`;
}
