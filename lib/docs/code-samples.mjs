// @ts-check
// The code samples of the reference, written at build time from the spec's examples: for each
// operation a TypeScript call through this package's client and a curl command; for the webhook a
// receiver built on verifyWebhook and a curl command that replays the documented notification. They
// go into the site's copy of the spec as `x-codeSamples`, which Redoc shows beside each operation;
// openapi.yaml carries none. Beside a webhook Redoc shows only the payload, so the webhook's samples
// end its description instead. tests/docs/code-samples.test.ts compiles every TypeScript sample
// against the built package and runs every curl command against the Prism mock.
import { componentName, credentialHeader, exampleRequest, isJsonObject, listOperations, requestPath, requiredSchemes, resolveRef } from '../spec/index.mjs';
import { heredocJson, quote, typescriptValue, Variable } from './code-values.mjs';
import { CREDENTIAL_VARIABLE_BY_OPTION } from '../../src/internal/secrets.js';

/** @typedef {import('../spec/index.mjs').SpecOperation} SpecOperation */
/** @typedef {{ lang: string, label: string, source: string }} CodeSample */

/**
 * What the samples take from src/ (lib/docs/client-facts.mjs reads it there).
 * @typedef {object} ClientFacts
 * @property {string} packageName
 * @property {string} apiVersion the API_VERSION the client pins
 * @property {(status: number) => string} errorClassFor the name of the error class the client throws for a status
 */

/** The languages of the samples, in the order the reference offers them. */
const TYPESCRIPT = { lang: 'typescript', label: 'TypeScript' };
const CURL = { lang: 'bash', label: 'curl' };
export const SAMPLE_LANGUAGES = Object.freeze([TYPESCRIPT, CURL]);

/** Where the samples read credentials from, by the createConomyClient option that takes each (secrets.js). */
export const CREDENTIAL_VARIABLES = CREDENTIAL_VARIABLE_BY_OPTION;
export const WEBHOOK_SECRET_VARIABLE = 'CONOMY_WEBHOOK_SECRET';
/** The webhook curl sample posts to your receiver, named by this variable. */
export const WEBHOOK_URL_VARIABLE = 'WEBHOOK_URL';
/** The header src/core/client.ts sends API_VERSION in (the test compares it with what the client sends). */
export const API_VERSION_HEADER = 'conomyhq-api-version';
/** curl names an application of yours, as the spec's introduction asks of every caller. */
const EXAMPLE_USER_AGENT = 'MyShop/1.0.0';
/** Statuses a sample catches: they depend on the call; 400, 401, 403, 429 and 5xx mean the same everywhere. */
const HANDLED_STATUSES = [404, 409, 422];

/**
 * A copy of the spec whose every operation and webhook carries its TypeScript and curl samples.
 * @param {Record<string, any>} spec
 * @param {ClientFacts} facts
 */
export function withCodeSamples(spec, facts) {
  const copy = structuredClone(spec);
  for (const entry of listOperations(copy)) {
    const samples = codeSamples(copy, entry, facts);
    if (entry.section === 'paths') {
      entry.operation['x-codeSamples'] = samples;
      continue;
    }
    const blocks = samples.map(({ lang, label, source }) => `**${label}**\n\n\`\`\`${lang}\n${source.trimEnd()}\n\`\`\``);
    entry.operation.description = [entry.operation.description?.trimEnd(), '**Code samples**', ...blocks].filter(Boolean).join('\n\n');
  }
  return copy;
}

/**
 * @param {Record<string, any>} spec
 * @param {SpecOperation} entry
 * @param {ClientFacts} facts
 * @returns {CodeSample[]}
 */
export function codeSamples(spec, entry, facts) {
  const request = exampleRequest(spec, entry.pointer);
  const body = request.body === undefined ? undefined : withVariables(request.body);
  const typescript = entry.section === 'webhooks' ? webhookReceiver(spec, entry, facts) : clientCall(spec, entry, request, body, facts);
  return [
    { ...TYPESCRIPT, source: typescript },
    { ...CURL, source: curl(spec, entry, request, body, facts) },
  ];
}

/**
 * The example with the values of credential fields (clientId, clientSecret, ...) replaced by Variables.
 * @param {unknown} value
 * @returns {unknown}
 */
function withVariables(value) {
  if (Array.isArray(value)) return value.map(withVariables);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, Object.hasOwn(CREDENTIAL_VARIABLES, key) ? new Variable(variableOf(key)) : withVariables(child)]),
  );
}

/** @param {string} option */
function variableOf(option) {
  return CREDENTIAL_VARIABLES[/** @type {keyof typeof CREDENTIAL_VARIABLES} */ (option)];
}

// --- TypeScript ---

/**
 * @param {Record<string, any>} spec
 * @param {SpecOperation} entry
 * @param {import('../spec/index.mjs').ExampleRequest} request
 * @param {unknown} body
 * @param {ClientFacts} facts
 */
function clientCall(spec, entry, request, body, facts) {
  const { operation, method, path } = entry;
  const init = callOptions(request, body);
  const result = successBody(spec, entry);
  const items = result && listItems(spec, result.schema);
  /** @type {string[]} */
  let lines;
  if (items) {
    const name = items.name ?? 'item';
    lines = [`for await (const ${name} of conomy.paginate(${quote(path)}${init ? `, ${init}` : ''})) {`, `  console.log(${fieldsOf(name, items.schema)});`, '}'];
  } else {
    const call = `await conomy.${method.toUpperCase()}(${quote(path)}${init ? `, ${init}` : ''});`;
    const name = result?.name ?? 'result';
    lines = result ? [`const { data: ${name} } = ${call}`, `console.log(${fieldsOf(name, result.schema)});`] : [call];
  }
  const handled = HANDLED_STATUSES.filter((status) => operation.responses?.[String(status)] !== undefined);
  const errorClasses = handled.map((status) => facts.errorClassFor(status));
  lines = lines.flatMap((line) => line.split('\n'));
  if (handled.length > 0) lines = withErrorHandling(spec, operation, lines, handled, errorClasses);
  const note = needsBearer(spec, operation)
    ? []
    : ['// The client calls this itself with clientId and clientSecret and reuses the token until shortly', '// before it expires; call it yourself only to hand a token to another tool.'];
  return [
    `import { ${['createConomyClient', ...errorClasses].join(', ')} } from '${facts.packageName}';`,
    '',
    'const conomy = createConomyClient({',
    `  apiKey: process.env.${CREDENTIAL_VARIABLES.apiKey}!,`,
    `  clientId: process.env.${CREDENTIAL_VARIABLES.clientId}!,`,
    `  clientSecret: process.env.${CREDENTIAL_VARIABLES.clientSecret}!,`,
    "  environment: 'sandbox',",
    '});',
    '',
    ...note,
    ...lines,
    '',
  ].join('\n');
}

/**
 * `{ params: { path: {...}, query: {...} }, body: {...} }`, or '' when the call takes none.
 * @param {import('../spec/index.mjs').ExampleRequest} request
 * @param {unknown} body
 */
function callOptions({ pathParams, query }, body) {
  /** @type {Record<string, unknown>} */
  const params = {};
  if (Object.keys(pathParams).length > 0) params.path = pathParams;
  if (Object.keys(query).length > 0) params.query = query;
  /** @type {Record<string, unknown>} */
  const init = {};
  if (Object.keys(params).length > 0) init.params = params;
  if (body !== undefined) init.body = body;
  return Object.keys(init).length > 0 ? typescriptValue(init, '') : '';
}

/**
 * The call inside try, each documented status of HANDLED_STATUSES caught by its class, anything else rethrown.
 * @param {Record<string, any>} spec
 * @param {Record<string, any>} operation
 * @param {string[]} lines
 * @param {number[]} statuses
 * @param {string[]} classes
 */
function withErrorHandling(spec, operation, lines, statuses, classes) {
  const branches = statuses.flatMap((status, index) => {
    const response = resolveRef(spec, operation.responses[String(status)], String(status)).node;
    const why = isJsonObject(response) && typeof response.description === 'string' ? firstSentence(response.description) : `${status}`;
    return [`${index === 0 ? '  if' : '  } else if'} (error instanceof ${classes[index]}) {`, `    // ${status}: ${why}`, '    console.warn(error.message);'];
  });
  return ['try {', ...lines.map((line) => `  ${line}`), '} catch (error) {', ...branches, '  } else {', '    throw error;', '  }', '}'];
}

/**
 * The schema of the first 2xx JSON response, with the component name it has (camelCased), if any.
 * @param {Record<string, any>} spec
 * @param {SpecOperation} entry
 * @returns {{ name: string | undefined, schema: Record<string, any> } | undefined}
 */
function successBody(spec, { operation, pointer }) {
  const status = Object.keys(operation.responses ?? {}).find((key) => key.startsWith('2'));
  if (status === undefined) return undefined;
  const response = resolveRef(spec, operation.responses[status], `${pointer}/responses/${status}`).node;
  const media = isJsonObject(response) && isJsonObject(response.content) ? response.content['application/json'] : undefined;
  const schema = isJsonObject(media) ? media.schema : undefined;
  return schema === undefined ? undefined : named(spec, schema, pointer);
}

/**
 * The items of a paginated list (`results` beside `pagination`), or undefined for any other body.
 * @param {Record<string, any>} spec
 * @param {Record<string, any>} schema
 */
function listItems(spec, schema) {
  const results = schema.properties?.results;
  if (!isJsonObject(results) || schema.properties?.pagination === undefined) return undefined;
  const array = resolveRef(spec, results, 'results').node;
  return isJsonObject(array) && array.items !== undefined ? named(spec, array.items, 'results') : undefined;
}

/**
 * @param {Record<string, any>} spec
 * @param {unknown} node a schema or a $ref to one
 * @param {string} at where it is, for errors
 */
function named(spec, node, at) {
  // A variable is named after the schema, when that name can be one.
  const component = [componentName(node)].find((name) => name !== undefined && /^[A-Za-z][A-Za-z0-9]*$/.test(name));
  const schema = /** @type {Record<string, any>} */ (resolveRef(spec, node, at).node);
  return { name: component && component.charAt(0).toLowerCase() + component.slice(1), schema };
}

/**
 * What a sample prints of a result: its id and status, else its first two required fields; never a credential.
 * @param {string} name
 * @param {Record<string, any>} schema
 */
function fieldsOf(name, schema) {
  const properties = Object.keys(schema.properties ?? {});
  const preferred = ['id', 'status'].filter((field) => properties.includes(field));
  const fields = preferred.length > 0 ? preferred : (schema.required ?? []).filter((/** @type {string} */ field) => !Object.hasOwn(CREDENTIAL_VARIABLES, field)).slice(0, 2);
  return fields.length > 0 ? fields.map((/** @type {string} */ field) => `${name}.${field}`).join(', ') : name;
}

/**
 * The webhook receiver: a fetch-style handler that verifies the notification and answers with the
 * webhook's documented statuses (its first 2xx, and its first 4xx for a bad signature).
 * @param {Record<string, any>} spec
 * @param {SpecOperation} entry
 * @param {ClientFacts} facts
 */
function webhookReceiver(spec, { operation }, facts) {
  const statuses = Object.keys(operation.responses ?? {});
  const accepted = statuses.find((status) => status.startsWith('2'));
  const refused = statuses.find((status) => status.startsWith('4'));
  if (!accepted || !refused) throw new Error(`webhook ${operation.operationId} needs a documented 2xx and 4xx response for its sample`);
  const handler = `handle${operation.operationId.charAt(0).toUpperCase()}${operation.operationId.slice(1)}`;
  return [
    `import { ConomyWebhookSignatureError, verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from '${facts.packageName}';`,
    '',
    '// Your webhook endpoint, as a fetch handler (Node 20+, Deno, Bun, edge runtimes). Read the body as',
    '// text: the signature covers exactly what was sent.',
    `export async function ${handler}(request: Request): Promise<Response> {`,
    '  try {',
    `    const notification = await verifyWebhook(await request.text(), process.env.${WEBHOOK_SECRET_VARIABLE}!, {`,
    '      signatureHeader: request.headers.get(WEBHOOK_SIGNATURE_HEADER),',
    '    });',
    '    const { transaction } = notification.data;',
    '    // Delivery is at least once: handle each (event, transaction id, status) once.',
    '    console.log(notification.event, transaction.id, transaction.status);',
    `    return new Response(null, { status: ${accepted} });`,
    '  } catch (error) {',
    `    if (error instanceof ConomyWebhookSignatureError) return new Response(null, { status: ${refused} });`,
    '    throw error;',
    '  }',
    '}',
    '',
  ].join('\n');
}

// --- curl ---

/**
 * @param {Record<string, any>} spec
 * @param {SpecOperation} entry
 * @param {import('../spec/index.mjs').ExampleRequest} request
 * @param {unknown} body
 * @param {ClientFacts} facts
 */
function curl(spec, entry, request, body, facts) {
  const webhook = entry.section === 'webhooks';
  const url = webhook ? `$${WEBHOOK_URL_VARIABLE}` : `${spec.servers?.[0]?.url ?? ''}${requestPath(request)}`;
  /** @type {string[]} */
  const headers = [];
  if (!webhook) {
    headers.push(...securityHeaders(spec, entry.operation), `User-Agent: ${EXAMPLE_USER_AGENT}`, `${API_VERSION_HEADER}: ${facts.apiVersion}`);
  }
  for (const [name, value] of Object.entries(request.headers)) headers.push(`${name === 'content-type' ? 'Content-Type' : name}: ${value}`);
  const first = `curl${request.method === 'GET' ? '' : ` -X ${request.method}`} "${url}"`;
  const lines = [first, ...headers.map((header) => `  -H "${header}"`)];
  const command = body === undefined ? lines.join(' \\\n') : `${[...lines, '  --data @-'].join(' \\\n')} <<JSON\n${heredocJson(body)}\nJSON`;
  const comment = webhook
    ? [`# Sends the documented example notification to your endpoint at $${WEBHOOK_URL_VARIABLE}, to try your receiver.`]
    : needsBearer(spec, entry.operation)
      ? []
      : [`# Export the accessToken of the answer as ${CREDENTIAL_VARIABLES.accessToken} for the other calls.`];
  return [...comment, command, ''].join('\n');
}

/**
 * The headers that meet the operation's first security requirement, with credentials as variables.
 * @param {Record<string, any>} spec
 * @param {Record<string, any>} operation
 */
function securityHeaders(spec, operation) {
  return requiredSchemes(spec, operation).map((name) => {
    const credential = credentialHeader(spec, name);
    if (credential?.kind === 'apiKey') return `${credential.header}: $${CREDENTIAL_VARIABLES.apiKey}`;
    if (credential?.kind === 'bearer') return `Authorization: Bearer $${CREDENTIAL_VARIABLES.accessToken}`;
    throw new Error(`${operation.operationId}: no code sample for security scheme "${name}" (${spec.components?.securitySchemes?.[name]?.type ?? 'undefined'})`);
  });
}

/**
 * @param {Record<string, any>} spec
 * @param {Record<string, any>} operation
 */
function needsBearer(spec, operation) {
  return requiredSchemes(spec, operation).some((name) => credentialHeader(spec, name)?.kind === 'bearer');
}

/** @param {string} text */
function firstSentence(text) {
  return (/^.*?[.!?](?=\s|$)/s.exec(text)?.[0] ?? text).replace(/\s+/g, ' ').trim();
}
