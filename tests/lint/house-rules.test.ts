// Proves every house rule in redocly.yaml. The good fixture must lint clean (house rules and
// recommended-strict). Each case breaks that fixture in one place and must get exactly its rule's
// error at that place. All documents are linted by one CLI call, to keep the suite fast.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type Document } from 'yaml';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const redoclyCli = join(repoRoot, 'node_modules/@redocly/cli/bin/cli.js');
const goodFixture = join(repoRoot, 'tests/lint/fixtures/good.yaml');

type Path = (string | number)[];

interface BrokenCase {
  name: string;
  /** The house rule that must report, at `at`. */
  rule: string;
  at: Path;
  /** Built-in rules that the same edit trips unavoidably; anything else reported fails the case. */
  alsoReported?: string[];
  edit: (doc: Document) => void;
}

interface Problem {
  ruleId: string;
  message: string;
  location: { source: { ref: string }; pointer: string }[];
}

const createAccessToken = ['paths', '/auth', 'post'];
const getPayment = ['paths', '/payments/{paymentId}', 'get'];
const webhook = ['webhooks', 'transactionNotification', 'post'];
const paymentProperties = ['components', 'schemas', 'Payment', 'properties'];
const jsonBody = ['requestBody', 'content', 'application/json'];
const decimalPattern = '^\\d+(\\.\\d+)?$';

const brokenCases: BrokenCase[] = [
  {
    name: 'operationId outside the agreed table',
    rule: 'rule/operation-id-allowed',
    at: [...getPayment, 'operationId'],
    edit: (doc) => doc.setIn([...getPayment, 'operationId'], 'fetchPayment'),
  },
  {
    name: 'operationId not camelCase',
    rule: 'rule/operation-id-allowed',
    at: [...getPayment, 'operationId'],
    edit: (doc) => doc.setIn([...getPayment, 'operationId'], 'get_payment'),
  },
  {
    name: 'operation without description',
    rule: 'rule/operation-summary-and-description',
    at: [...getPayment, 'description'],
    edit: (doc) => doc.deleteIn([...getPayment, 'description']),
  },
  {
    name: 'operation with an empty description',
    rule: 'rule/operation-summary-and-description',
    at: [...getPayment, 'description'],
    edit: (doc) => doc.setIn([...getPayment, 'description'], ''),
  },
  {
    name: 'webhook without description',
    rule: 'rule/operation-summary-and-description',
    at: [...webhook, 'description'],
    edit: (doc) => doc.deleteIn([...webhook, 'description']),
  },
  {
    name: 'operation without tags',
    rule: 'rule/operation-tagged',
    at: [...getPayment, 'tags'],
    edit: (doc) => doc.deleteIn([...getPayment, 'tags']),
  },
  {
    name: 'operation with an empty tag list',
    rule: 'rule/operation-tagged',
    at: [...getPayment, 'tags'],
    edit: (doc) => doc.setIn([...getPayment, 'tags'], doc.createNode([])),
  },
  {
    name: 'operation with empty security',
    rule: 'rule/operation-security-declared',
    at: [...createAccessToken, 'security'],
    edit: (doc) => doc.setIn([...createAccessToken, 'security'], doc.createNode([])),
  },
  {
    name: 'operation without security',
    rule: 'rule/operation-security-declared',
    at: [...createAccessToken, 'security'],
    alsoReported: ['security-defined'],
    edit: (doc) => doc.deleteIn([...createAccessToken, 'security']),
  },
  {
    name: 'operation whose only client error is the 4XX range',
    rule: 'rule/operation-client-error-response',
    at: [...getPayment, 'responses'],
    edit: (doc) => {
      doc.setIn([...getPayment, 'responses', '4XX'], doc.getIn([...getPayment, 'responses', '404']));
      doc.deleteIn([...getPayment, 'responses', '404']);
    },
  },
  {
    name: 'operation without a 4xx response',
    rule: 'rule/operation-client-error-response',
    at: [...getPayment, 'responses'],
    alsoReported: ['operation-4xx-response'],
    edit: (doc) => doc.deleteIn([...getPayment, 'responses', '404']),
  },
  {
    name: 'operation without a 5xx response',
    rule: 'rule/operation-server-error-response',
    at: [...getPayment, 'responses'],
    edit: (doc) => doc.deleteIn([...getPayment, 'responses', '503']),
  },
  {
    name: 'operation declaring User-Agent inline instead of the shared parameter',
    rule: 'rule/operation-user-agent',
    at: [...getPayment, 'parameters'],
    alsoReported: ['no-unused-components'],
    edit: (doc) =>
      doc.setIn(
        [...getPayment, 'parameters', 0],
        doc.createNode({
          name: 'User-Agent',
          in: 'header',
          required: true,
          description: 'Names the calling application.',
          schema: { type: 'string' },
        }),
      ),
  },
  {
    name: 'operation without parameters',
    rule: 'rule/operation-user-agent',
    at: [...createAccessToken, 'parameters'],
    alsoReported: ['no-unused-components'],
    edit: (doc) => doc.deleteIn([...createAccessToken, 'parameters']),
  },
  {
    name: 'JSON request body without example',
    rule: 'rule/request-body-example',
    at: [...createAccessToken, ...jsonBody],
    edit: (doc) => doc.deleteIn([...createAccessToken, ...jsonBody, 'example']),
  },
  {
    name: 'webhook JSON payload without example',
    rule: 'rule/request-body-example',
    at: [...webhook, ...jsonBody],
    edit: (doc) => doc.deleteIn([...webhook, ...jsonBody, 'example']),
  },
  {
    name: '2xx JSON response without example',
    rule: 'rule/success-response-example',
    at: [...createAccessToken, 'responses', '200', 'content', 'application/json'],
    edit: (doc) => doc.deleteIn([...createAccessToken, 'responses', '200', 'content', 'application/json', 'examples']),
  },
  {
    name: 'shared 2xx response without example',
    rule: 'rule/success-response-example',
    at: ['components', 'responses', 'TokenIssued', 'content', 'application/json'],
    edit: (doc) => {
      const shared = ['components', 'responses', 'TokenIssued'];
      doc.setIn(shared, doc.getIn([...createAccessToken, 'responses', '200']));
      doc.setIn([...createAccessToken, 'responses', '200'], doc.createNode({ $ref: '#/components/responses/TokenIssued' }));
      doc.deleteIn([...shared, 'content', 'application/json', 'examples']);
    },
  },
  {
    name: 'schema property without description',
    rule: 'rule/property-description',
    at: [...paymentProperties, 'id'],
    edit: (doc) => doc.deleteIn([...paymentProperties, 'id', 'description']),
  },
  {
    name: 'schema property with an empty description',
    rule: 'rule/property-description',
    at: [...paymentProperties, 'id'],
    edit: (doc) => doc.setIn([...paymentProperties, 'id', 'description'], ''),
  },
  {
    name: 'property of array items without description',
    rule: 'rule/property-description',
    at: [...paymentProperties, 'lines', 'items', 'properties', 'totalAmount'],
    edit: (doc) => doc.deleteIn([...paymentProperties, 'lines', 'items', 'properties', 'totalAmount', 'description']),
  },
  {
    name: 'property of an allOf branch without description',
    rule: 'rule/property-description',
    at: [...paymentProperties, 'node', 'allOf', 0, 'properties', 'amountOut'],
    edit: (doc) => doc.deleteIn([...paymentProperties, 'node', 'allOf', 0, 'properties', 'amountOut', 'description']),
  },
  {
    name: 'property of a oneOf branch without description',
    rule: 'rule/property-description',
    at: ['components', 'schemas', 'Error', 'oneOf', 1, 'properties', 'code'],
    edit: (doc) => doc.deleteIn(['components', 'schemas', 'Error', 'oneOf', 1, 'properties', 'code', 'description']),
  },
  {
    name: 'webhook payload property without description',
    rule: 'rule/property-description',
    at: [...webhook, ...jsonBody, 'schema', 'properties', 'event'],
    edit: (doc) => doc.deleteIn([...webhook, ...jsonBody, 'schema', 'properties', 'event', 'description']),
  },
  {
    name: '$ref property whose target has no description either',
    rule: 'rule/property-description',
    at: [...paymentProperties, 'fee'],
    edit: (doc) => doc.deleteIn(['components', 'schemas', 'Fee', 'description']),
  },
  {
    name: 'amount typed as number',
    rule: 'rule/amount-is-decimal-string',
    at: [...paymentProperties, 'purchaseAmount', 'type'],
    edit: (doc) =>
      doc.setIn(
        [...paymentProperties, 'purchaseAmount'],
        doc.createNode({ type: 'number', pattern: decimalPattern, description: 'Amount before fees.' }),
      ),
  },
  {
    name: 'amount without pattern',
    rule: 'rule/amount-has-pattern',
    at: [...paymentProperties, 'purchaseAmount', 'pattern'],
    edit: (doc) =>
      doc.setIn(
        [...paymentProperties, 'purchaseAmount'],
        doc.createNode({ type: 'string', description: 'Amount before fees.' }),
      ),
  },
  {
    name: 'server URL over plain http',
    rule: 'rule/server-url-https',
    at: ['servers', 0, 'url'],
    edit: (doc) => doc.setIn(['servers', 0, 'url'], 'http://api.conomyhq.com/sandbox'),
  },
];

/** Legitimate variations of the good fixture that must stay clean (guards against false positives). */
const stillGoodCases: { name: string; edit: (doc: Document) => void }[] = [
  {
    name: 'User-Agent declared on the path item instead of the operation',
    edit: (doc) => {
      const userAgent = doc.getIn([...getPayment, 'parameters', 0]);
      doc.deleteIn([...getPayment, 'parameters', 0]);
      doc.setIn(['paths', '/payments/{paymentId}', 'parameters'], doc.createNode([userAgent]));
    },
  },
  {
    name: 'description next to a $ref whose target has none',
    edit: (doc) => {
      doc.deleteIn(['components', 'schemas', 'Fee', 'description']);
      doc.setIn([...paymentProperties, 'fee', 'description'], 'Fee charged on this payment.');
    },
  },
  {
    name: 'nullable amount',
    edit: (doc) =>
      doc.setIn(
        [...paymentProperties, 'purchaseAmount'],
        doc.createNode({ type: ['string', 'null'], pattern: decimalPattern, description: 'Amount before fees.' }),
      ),
  },
];

/** JSON pointer as Redocly prints it: `/` and `~` escaped, nothing else. */
function toPointer(path: Path): string {
  return '#/' + path.map((segment) => String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * Lints all files in one run and returns their problems by absolute path.
 * Redocly prints one JSON report per file, back to back, and exits 1 when any has errors.
 */
async function lint(files: string[]): Promise<Map<string, Problem[]>> {
  const args = [redoclyCli, 'lint', ...files, '--config', join(repoRoot, 'redocly.yaml'), '--lint-config', 'error', '--format', 'json'];
  const stdout = await promisify(execFile)(process.execPath, args, { cwd: repoRoot, maxBuffer: 32 * 1024 * 1024 }).then(
    (result) => result.stdout,
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout?.trim()) throw new Error(`redocly lint produced no report: ${error.stderr ?? String(error)}`);
      return error.stdout;
    },
  );
  const reports = stdout.split(/(?<=^\})(?=\{$)/m).map((report) => JSON.parse(report) as { problems: Problem[] });
  const problemsByFile = new Map<string, Problem[]>(files.map((file) => [file, []]));
  for (const problem of reports.flatMap((report) => report.problems)) {
    const file = resolve(repoRoot, problem.location[0]?.source.ref ?? '');
    problemsByFile.get(file)?.push(problem);
  }
  return problemsByFile;
}

describe('house lint rules (redocly.yaml)', () => {
  let workDir: string;
  let problemsByFile: Map<string, Problem[]>;
  const fileOf = (name: string) => join(workDir, `${slug(name)}.yaml`);

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'house-rules-'));
    const good = await readFile(goodFixture, 'utf8');
    for (const { name, edit } of [...brokenCases, ...stillGoodCases]) {
      const doc = parseDocument(good);
      edit(doc);
      await writeFile(fileOf(name), doc.toString());
    }
    const files = [goodFixture, ...[...brokenCases, ...stillGoodCases].map(({ name }) => fileOf(name))];
    problemsByFile = await lint(files);
  }, 60_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('accepts the good fixture with zero problems', () => {
    expect(problemsByFile.get(goodFixture)).toEqual([]);
  });

  it('covers every house rule configured in redocly.yaml', async () => {
    const config = await readFile(join(repoRoot, 'redocly.yaml'), 'utf8');
    const configured = [...config.matchAll(/^ {2}(rule\/[\w-]+):/gm)].map((match) => match[1]);
    expect(new Set(brokenCases.map(({ rule }) => rule))).toEqual(new Set(configured));
  });

  it.each(stillGoodCases)('accepts: $name', ({ name }) => {
    expect(problemsByFile.get(fileOf(name))).toEqual([]);
  });

  it.each(brokenCases)('$rule reports: $name', ({ name, rule, at, alsoReported = [] }) => {
    const problems = problemsByFile.get(fileOf(name)) ?? [];
    expect(problems.map(({ ruleId }) => ruleId).sort()).toEqual([rule, ...alsoReported].sort());
    const houseProblem = problems.find(({ ruleId }) => ruleId === rule);
    expect(houseProblem?.location[0]?.pointer).toBe(toPointer(at));
  });
});
