// @ts-check
// The spec toolkit: everything the commands (scripts/), the docs build (lib/docs/) and the tests
// read an OpenAPI document with, each concept in one module. Import it from here, except in code
// that must run outside Node (the contract validator and the testing entry, src/testing/): this
// index re-exports load.mjs, which reads files, so such code imports the modules it needs directly.
export * from './json-pointer.mjs'; // RFC 6901 pointers, isJsonObject
export * from './refs.mjs'; // local $ref resolution
export * from './load.mjs'; // reading and parsing the document
export * from './http-methods.mjs'; // the path item keys that hold operations
export * from './operations.mjs'; // every operation and webhook, with its pointer
export * from './operations-table.mjs'; // operationId -> method, path, the resource it creates or deletes
export * from './parameters.mjs'; // an operation's parameters, path item's and own, merged and resolved
export * from './examples.mjs'; // the documented examples, in the one order of preference
export * from './path-template.mjs'; // filling and matching `{name}` templates
export * from './example-request.mjs'; // a valid request built from the examples
export * from './security.mjs'; // the credentials an operation asks for, and their headers
