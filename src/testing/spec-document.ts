// The contract the mock serves. In the sources it is openapi.yaml, read when this module loads; the
// package build (lib/testing-bundle.mjs) replaces this module with the JSON of the spec, so the
// published testing entry reads no file and runs wherever fetch does.
import type { JsonObject } from '../../lib/spec/json-pointer.mjs';
import { loadSpec } from '../contract/spec/contract-spec.js';

export const specDocument: JsonObject = loadSpec().document;
