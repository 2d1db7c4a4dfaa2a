// The contract as the suite, the drift engine and the testing mock ask it, built from an OpenAPI
// document already in memory: which operations exist, which statuses each documents, and where their
// schemas live. It reads no file, so it runs wherever the testing entry runs (a browser too);
// contract-spec.ts loads the document from openapi.yaml.
import { isJsonObject, toPointer, type JsonObject } from '../../../lib/spec/json-pointer.mjs';
import { operationsTable } from '../../../lib/spec/operations-table.mjs';
import { matchTemplate } from '../../../lib/spec/path-template.mjs';
import { resolveRef } from '../../../lib/spec/refs.mjs';

export interface ResponseSpec {
  /** The key under `responses`: `200`, `4XX` or `default`. */
  key: string;
  /** JSON pointer of the response object after following its `$ref`. */
  pointer: string;
  node: JsonObject;
  contentTypes: string[];
}

export interface Operation {
  operationId: string;
  /** Upper case, e.g. `GET`. */
  method: string;
  /** Path template, e.g. `/payment-links/{paymentLinkId}`. */
  path: string;
  pointer: string;
  node: JsonObject;
  responses: ResponseSpec[];
}

export interface OperationPair {
  operationId: string;
  method: string;
  path: string;
  /** A documented response key (`200`, `4XX`, `default`). */
  status: string;
}

export interface ContractSpec {
  file: string;
  document: JsonObject;
  operations: Operation[];
  /** The operation with this operationId; throws when the spec has none. */
  operation(operationId: string): Operation;
  /** The documented response for a status: exact code, then range (`4XX`), then `default`. */
  responseFor(operation: Operation, status: number): ResponseSpec | undefined;
  /** Every (operation, documented status) pair: what the contract cases must cover. */
  operationPairs(): OperationPair[];
  /** The operation whose path template matches a request path (literal segments win over parameters). */
  findOperation(method: string, requestPath: string): Operation | undefined;
}

const built = new WeakMap<JsonObject, ContractSpec>();

/**
 * The spec of a document, built once per document object: whoever asks with the same document
 * (the file loader, the testing mock) shares one spec, and so one compiled validator.
 * `file` names where the document came from, in errors.
 */
export function specFromDocument(document: JsonObject, file = 'the OpenAPI document'): ContractSpec {
  let spec = built.get(document);
  if (!spec) {
    spec = buildSpec(file, document);
    built.set(document, spec);
  }
  return spec;
}

function buildSpec(file: string, document: JsonObject): ContractSpec {
  const operations = readOperations(document);
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));

  return {
    file,
    document,
    operations,
    operation(operationId) {
      const operation = byId.get(operationId);
      if (!operation) throw new Error(`Unknown operationId "${operationId}" in ${file}`);
      return operation;
    },
    responseFor(operation, status) {
      const keys = [String(status), `${String(status).charAt(0)}XX`, 'default'];
      for (const key of keys) {
        const match = operation.responses.find((response) => response.key.toUpperCase() === key);
        if (match) return match;
      }
      return undefined;
    },
    operationPairs() {
      return operations.flatMap(({ operationId, method, path, responses }) =>
        responses.map(({ key }) => ({ operationId, method, path, status: key })),
      );
    },
    findOperation(method, requestPath) {
      let best: { operation: Operation; literals: number } | undefined;
      for (const operation of operations) {
        if (operation.method !== method.toUpperCase()) continue;
        const literals = matchTemplate(operation.path, requestPath)?.literals;
        if (literals !== undefined && (!best || literals > best.literals)) best = { operation, literals };
      }
      return best?.operation;
    },
  };
}

/** The operations of the paths, by the same reading as the generated operations table (lib/spec/operations-table.mjs). */
function readOperations(document: JsonObject): Operation[] {
  return Object.entries(operationsTable(document)).map(([operationId, { method, path }]) => {
    const pointer = toPointer(['paths', path, method]);
    const node = ((document.paths as JsonObject)[path] as JsonObject)[method] as JsonObject;
    return { operationId, method: method.toUpperCase(), path, pointer, node, responses: readResponses(document, node, pointer) };
  });
}

function readResponses(document: JsonObject, operation: JsonObject, operationPointer: string): ResponseSpec[] {
  if (!isJsonObject(operation.responses)) throw new Error(`${operationPointer} has no responses`);
  return Object.entries(operation.responses)
    .filter(([key]) => !key.startsWith('x-'))
    .map(([key, value]) => {
      const { node, pointer } = resolveRef(document, value, `${operationPointer}/responses/${key}`);
      if (!isJsonObject(node)) throw new Error(`Response ${pointer} is not an object`);
      const contentTypes = isJsonObject(node.content) ? Object.keys(node.content) : [];
      return { key, pointer, node, contentTypes };
    });
}
