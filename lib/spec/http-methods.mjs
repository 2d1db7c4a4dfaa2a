// @ts-check
// The keys of an OpenAPI path item that hold operations.
export const HTTP_METHODS = /** @type {const} */ (['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
