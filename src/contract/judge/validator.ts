// The one judge of responses, for every target: status, content type, required headers and
// body are checked against openapi.yaml, and every disagreement comes back as a Finding.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { outerIds, discrepanciesAt } from './discrepancy.js';
import { severityOf, type Finding, type FindingKind } from './findings.js';
import { escapeSegment, isJsonObject, valueAt, type JsonObject } from '../../../lib/spec/json-pointer.mjs';
import { resolveRef } from '../../../lib/spec/refs.mjs';
import { bodyIssues, type BodyIssue, type SchemaSource } from './schema-findings.js';
import type { ContractSpec, Operation, ResponseSpec } from '../spec/spec-from-document.js';
import { withUndocumentedPropertiesForbidden } from './strict-schema.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface ResponseUnderTest {
  operationId: string;
  status: number;
  headers: Headers | Record<string, string | undefined>;
  bodyText: string;
}

interface ValidateOptions {
  /** Also report properties the schema does not document (kind `undocumented-field`). */
  strict?: boolean;
}

export interface ResponseValidator {
  validateResponse(response: ResponseUnderTest, options?: ValidateOptions): Finding[];
  /**
   * The compiled validator of the schema at a JSON pointer, e.g. `/components/schemas/Payment`;
   * with `strict`, undocumented properties in value positions fail it too (see strict-schema.ts).
   */
  schemaAt(pointer: string, options?: ValidateOptions): ValidateFunction;
  /**
   * What is wrong with a value (a request body, say) against the schema at a JSON pointer, each
   * issue located in the value as a response body's would be; none when it is valid.
   */
  issuesAt(pointer: string, value: unknown): BodyIssue[];
}

const PLAIN_ID = 'https://contract.invalid/openapi.json';
const STRICT_ID = 'https://contract.invalid/openapi-strict.json';

const validators = new WeakMap<ContractSpec, ResponseValidator>();

/**
 * The validator for a spec, compiled once per spec (ajv caches each compiled schema). It reads no
 * file (the spec is given), so the testing mock uses it wherever it runs.
 */
export function responseValidatorFor(spec: ContractSpec): ResponseValidator {
  let validator = validators.get(spec);
  if (!validator) {
    validator = createResponseValidator(spec);
    validators.set(spec, validator);
  }
  return validator;
}

function createResponseValidator(spec: ContractSpec): ResponseValidator {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12. `strict: false` lets ajv ignore the
  // OpenAPI-only keywords (example, discriminator, x-discrepancy, ...).
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  const plain = schemaSource(ajv, spec.document, PLAIN_ID);
  const strict = schemaSource(ajv, withUndocumentedPropertiesForbidden(spec.document), STRICT_ID);

  return {
    schemaAt: (pointer, options = {}) => (options.strict ? strict : plain).validatorAt(pointer),
    issuesAt: (pointer, value) => bodyIssues(plain, plain.validatorAt(pointer), value),
    validateResponse(response, options = {}) {
      const operation = spec.operation(response.operationId);
      const finding = findingFactory(operation, response.status);
      const documented = spec.responseFor(operation, response.status);
      if (!documented) {
        const kind: FindingKind = response.status >= 500 ? 'server-error' : 'undocumented-status';
        const expected = operation.responses.map((entry) => entry.key).join(', ');
        return [finding(kind, 'response.status', expected, String(response.status),
          `status ${response.status} is not documented for ${operation.operationId}`,
          outerIds([operation.node.responses, operation.node]), `${operation.pointer}/responses`)];
      }
      const header = headerReader(response.headers);
      const outer = [documented.node, operation.node];
      const findings = missingHeaders(spec.document, documented, header).map(({ name, pointer }) =>
        finding('header-missing', `response.header/${name}`, 'present', 'absent',
          `required header "${name}" is missing`, outerIds(outer), pointer));

      const contentType = header('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
      if (documented.contentTypes.length === 0) {
        if (response.bodyText.trim() !== '') {
          findings.push(finding('content-type-mismatch', 'response.header/content-type', 'no body',
            contentType ?? 'a body without content type', 'the response documents no body but has one', outerIds(outer),
            documented.pointer));
        }
        return findings;
      }
      let mediaType = documented.contentTypes.find((documentedType) => mediaTypeMatches(documentedType, contentType));
      if (!mediaType) {
        // Still judge the body when it is JSON and only one JSON shape is documented.
        const jsonTypes = documented.contentTypes.filter(isJsonMediaType);
        const judgeable = jsonTypes.length === 1 && parseJson(response.bodyText) !== undefined;
        if (contentType === undefined && judgeable) {
          // openapi.yaml requires no response header of its own, but HTTP requires a body to name
          // its type: a JSON body without Content-Type is the one header a response can miss.
          findings.push(finding('header-missing', 'response.header/content-type', jsonTypes.join(' or '), 'absent',
            'the JSON body has no Content-Type header', outerIds(outer)));
        } else {
          findings.push(finding('content-type-mismatch', 'response.header/content-type', documented.contentTypes.join(' or '),
            contentType ?? 'none', `content type ${contentType ?? '(none)'} is not documented`, outerIds(outer),
            `${documented.pointer}/content`));
        }
        if (!judgeable) return findings;
        mediaType = jsonTypes[0];
      }
      const mediaPointer = `${documented.pointer}/content/${escapeSegment(mediaType ?? '')}`;
      const media = valueAt(spec.document, mediaPointer);
      if (!isJsonObject(media) || media.schema === undefined || !isJsonMediaType(mediaType ?? '')) return findings;

      const body = parseJson(response.bodyText);
      if (body === undefined) {
        const actual = response.bodyText.trim() === '' ? 'empty body' : `${response.bodyText.length} characters of non-JSON`;
        findings.push(finding('body-unparseable', 'response.body', 'a JSON document', actual,
          `the body is not JSON (${actual})`, outerIds([media, ...outer])));
        return findings;
      }
      const source = options.strict ? strict : plain;
      const validate = source.validatorAt(`${mediaPointer}/schema`);
      // Sorted by location so a report reads top-down and is stable across ajv versions.
      const issues = bodyIssues(source, validate, body.value).sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
      for (const issue of issues) {
        const ids = discrepanciesAt(spec.document, media.schema, body.value, issue.pointer, [media, ...outer]);
        findings.push(finding(issue.kind, `response.body${issue.pointer}`, issue.expected, issue.actual, issue.message, ids, issue.schema));
      }
      return findings;
    },
  };
}

function findingFactory(operation: Operation, status: number) {
  return (
    kind: FindingKind,
    location: string,
    expected: string,
    actual: string,
    message: string,
    discrepancy: string[] | undefined,
    schema?: string,
  ): Finding => ({
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    status,
    kind,
    severity: severityOf(kind),
    location,
    expected,
    actual,
    message,
    ...(discrepancy ? { discrepancy } : {}),
    ...(schema === undefined ? {} : { schema }),
  });
}

function schemaSource(ajv: Ajv2020, document: JsonObject, id: string): SchemaSource {
  ajv.addSchema({ ...document, $id: id });
  const pointers = new WeakMap<object, string>();
  const stack: [unknown, string][] = [[document, '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop() as [unknown, string];
    if (typeof node !== 'object' || node === null || pointers.has(node)) continue;
    pointers.set(node, pointer);
    for (const [key, child] of Object.entries(node)) stack.push([child, `${pointer}/${escapeSegment(key)}`]);
  }
  return {
    document,
    pointerOf: (schema) => pointers.get(schema),
    validatorAt(pointer): ValidateFunction {
      const fragment = pointer.split('/').map(encodeURIComponent).join('/');
      const validate = ajv.getSchema(`${id}#${fragment}`);
      if (!validate) throw new Error(`No schema at ${pointer} in the OpenAPI document`);
      return validate;
    },
  };
}

function headerReader(headers: ResponseUnderTest['headers']): (name: string) => string | undefined {
  if (headers instanceof Headers) return (name) => headers.get(name) ?? undefined;
  const lowered = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return (name) => lowered.get(name);
}

/** Documented `required: true` headers the response lacks: lower-case name, pointer of the header object. */
function missingHeaders(
  document: JsonObject,
  response: ResponseSpec,
  header: (name: string) => string | undefined,
): { name: string; pointer: string }[] {
  const declared = isJsonObject(response.node.headers) ? response.node.headers : {};
  return Object.entries(declared).flatMap(([name, definition]) => {
    const { node, pointer } = resolveRef(document, definition, `${response.pointer}/headers/${escapeSegment(name)}`);
    const required = name.toLowerCase() !== 'content-type' && isJsonObject(node) && node.required === true;
    return required && header(name.toLowerCase()) === undefined ? [{ name: name.toLowerCase(), pointer }] : [];
  });
}

function mediaTypeMatches(documented: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const [type, subtype] = documented.toLowerCase().split('/');
  const [actualType, actualSubtype] = actual.split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

function isJsonMediaType(mediaType: string): boolean {
  return /^application\/(.+\+)?json$/i.test(mediaType);
}

function parseJson(text: string): { value: unknown } | undefined {
  if (text.trim() === '') return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
