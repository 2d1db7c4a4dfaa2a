// Loads openapi.yaml once and compiles JSON Schema validators for any node of it. OpenAPI 3.1 schemas are
// JSON Schema 2020-12, so the whole document is registered with ajv under one id and every schema is
// compiled by its JSON pointer: internal `#/components/...` refs then resolve exactly as in the spec.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

export const SPEC_PATH = new URL('../../openapi.yaml', import.meta.url);
const DOCUMENT_ID = 'https://conomy.local/openapi.yaml';

// ajv-formats is published as CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type SpecDocument = Record<string, unknown>;

let cached: { spec: SpecDocument; ajv: Ajv2020 } | undefined;

function load(): { spec: SpecDocument; ajv: Ajv2020 } {
  if (cached) return cached;
  const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as SpecDocument;
  // strict: false because the document also holds OpenAPI keywords (example, discriminator, x-*) that
  // are not JSON Schema vocabulary; validation of every real keyword is unaffected.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(spec, DOCUMENT_ID);
  cached = { spec, ajv };
  return cached;
}

export const loadSpec = (): SpecDocument => load().spec;

/** JSON pointer (`#/a/b~1c`) for a list of path segments. */
export const pointerOf = (segments: readonly string[]): string =>
  `#/${segments.map((segment) => segment.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/** The node a `#/…` pointer names, or undefined. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#')) return undefined;
  const segments = pointer.slice(1).split('/').slice(1);
  let node: unknown = document;
  for (const raw of segments) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const compiled = new Map<string, ValidateFunction>();

/** A validator for the schema at `pointer` (for example `#/components/schemas/Payment`), compiled once. */
export function compileSchemaAt(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    // Fragments are URIs: percent-encode each segment so path templates like `{paymentId}` survive.
    const fragment = pointer.slice(1).split('/').map(encodeURIComponent).join('/');
    validate = load().ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
    compiled.set(pointer, validate);
  }
  return validate;
}
