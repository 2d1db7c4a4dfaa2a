// @ts-check
// Path templates (`/payment-links/{paymentLinkId}`): filling one in to make a request path, and
// matching a request path against one. src/internal/path.ts has its own copy for the client, which
// must not depend on anything outside src/.

/** A `{name}` placeholder anywhere in a template; group 1 is the name. */
const PLACEHOLDER = /\{([^{}]+)\}/g;
/** A segment that is one placeholder and nothing else; group 1 is the name. */
const PLACEHOLDER_SEGMENT = /^\{([^{}]+)\}$/;

/**
 * The names of the template's placeholders, in order.
 * @param {string} template
 */
export function placeholderNames(template) {
  return [...template.matchAll(PLACEHOLDER)].map((match) => /** @type {string} */ (match[1]));
}

/**
 * The template with each placeholder replaced by its value, percent-encoded.
 * Throws when a placeholder has no value.
 * @param {string} template
 * @param {Record<string, string>} values
 */
export function fillTemplate(template, values) {
  return template.replace(PLACEHOLDER, (_, name) => {
    if (!Object.hasOwn(values, name)) throw new Error(`no value for "{${name}}" in ${template}`);
    return encodeURIComponent(values[name] ?? '');
  });
}

/**
 * Whether a request path matches the template, segment by segment: a placeholder segment takes any
 * non-empty segment, every other segment must be equal. `params` holds each placeholder's segment as
 * sent (still percent-encoded); `literals` counts the equal segments, so that among several matching
 * templates the most literal one can win (`/payments/available-products` over `/payments/{paymentId}`).
 * @param {string} template
 * @param {string} path
 * @returns {{ params: Record<string, string>, literals: number } | undefined}
 */
export function matchTemplate(template, path) {
  const parts = template.split('/');
  const segments = path.split('/');
  if (parts.length !== segments.length) return undefined;
  /** @type {Record<string, string>} */
  const params = {};
  let literals = 0;
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    const name = PLACEHOLDER_SEGMENT.exec(part)?.[1];
    if (name !== undefined) {
      if (segment === '') return undefined;
      params[name] = segment;
    } else if (part === segment) {
      literals += 1;
    } else {
      return undefined;
    }
  }
  return { params, literals };
}
