// The table of house-rule cases for house-rules.test.ts: each broken case edits the good fixture in
// one place and names the rule that must report there; each still-good case is a legitimate
// variation that must stay clean.
import type { Document } from 'yaml';

export type Path = (string | number)[];

export interface BrokenCase {
  name: string;
  /** The house rule that must report, at `at`. */
  rule: string;
  at: Path;
  /** Built-in rules that the same edit trips unavoidably; anything else reported fails the case. */
  alsoReported?: string[];
  edit: (doc: Document) => void;
}

const createAccessToken = ['paths', '/auth', 'post'];
const getPayment = ['paths', '/payments/{paymentId}', 'get'];
const webhook = ['webhooks', 'transactionNotification', 'post'];
const paymentProperties = ['components', 'schemas', 'Payment', 'properties'];
const jsonBody = ['requestBody', 'content', 'application/json'];
const decimalPattern = '^\\d+(\\.\\d+)?$';

export const brokenCases: BrokenCase[] = [
  {
    name: 'operationId without a house verb',
    rule: 'rule/operation-id-verb',
    at: [...getPayment, 'operationId'],
    edit: (doc) => doc.setIn([...getPayment, 'operationId'], 'fetchPayment'),
  },
  {
    name: 'operationId not camelCase',
    rule: 'rule/operation-id-verb',
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
    name: 'User-Agent declared as an operation parameter',
    rule: 'rule/no-call-header-parameters',
    at: [...getPayment, 'parameters', 1],
    edit: (doc) =>
      doc.addIn(
        [...getPayment, 'parameters'],
        doc.createNode({ name: 'User-Agent', in: 'header', description: 'Names the calling application.', schema: { type: 'string' } }),
      ),
  },
  {
    name: 'the API version header as a shared parameter, in another spelling, on the path item',
    rule: 'rule/no-call-header-parameters',
    at: ['components', 'parameters', 'ApiVersion'],
    edit: (doc) => {
      doc.setIn(
        ['components', 'parameters'],
        doc.createNode({ ApiVersion: { name: 'Conomyhq-Api-Version', in: 'header', description: 'Selects the version.', schema: { type: 'string' } } }),
      );
      doc.setIn(['paths', '/payments/{paymentId}', 'parameters'], doc.createNode([{ $ref: '#/components/parameters/ApiVersion' }]));
    },
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
export const stillGoodCases: { name: string; edit: (doc: Document) => void }[] = [
  {
    name: 'another header parameter that is required',
    edit: (doc) =>
      doc.addIn(
        [...getPayment, 'parameters'],
        doc.createNode({ name: 'Idempotency-Key', in: 'header', required: true, description: 'Makes a retry safe.', schema: { type: 'string' } }),
      ),
  },
  {
    name: 'a query parameter that shares a header name',
    edit: (doc) =>
      doc.addIn(
        [...getPayment, 'parameters'],
        doc.createNode({ name: 'user-agent', in: 'query', description: 'Filters by agent.', schema: { type: 'string' } }),
      ),
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
