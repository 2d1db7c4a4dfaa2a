// The register's spec nodes link to where index.html shows them (lib/docs/reference-routes.mjs,
// lib/register.mjs). site.test.ts follows such links in a browser; this pins down each kind of node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { specNodeHref } from '../../lib/docs/reference-routes.mjs';
import { linkSpecNodes, parseRegister } from '../../lib/register.mjs';
import { readSpec } from '../../lib/spec/index.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const spec = readSpec(join(repoRoot, 'openapi.yaml'));
const register = readFileSync(join(repoRoot, 'docs/discrepancies.md'), 'utf8');

describe('specNodeHref', () => {
  it.each([
    ['an operation', '#/paths/~1payment-links/post', 'index.html#/payment-links/createpaymentlink'],
    ['a node inside an operation', '#/paths/~1payment-links/post/requestBody', 'index.html#/payment-links/createpaymentlink'],
    [
      'a parameter of an operation',
      '#/paths/~1payment-links/get/parameters/3',
      'index.html#/payment-links/listpaymentlinks#payment-links/listpaymentlinks/t=request&in=query&path=customer.email',
    ],
    ['the webhook', '#/webhooks/transactionNotification/post', 'index.html#/webhooks/transactionnotification'],
    ['a schema', '#/components/schemas/PaymentNodeType', 'index.html#/schemas/paymentnodetype'],
    [
      'a property of a schema',
      '#/components/schemas/PaymentLink/properties/createdAt',
      'index.html#/schemas/paymentlink#schemas/paymentlink/path=createdat',
    ],
    [
      'a shared parameter, at the first operation that uses it',
      '#/components/parameters/Limit',
      'index.html#/payment-links/listpaymentlinks#payment-links/listpaymentlinks/t=request&in=query&path=limit',
    ],
    [
      'a shared response, at the first operation that answers with it',
      '#/components/responses/Conflict',
      'index.html#/payment-links/createpaymentlink#payment-links/createpaymentlink/responses',
    ],
    ['a security scheme, at the first operation that needs it', '#/components/securitySchemes/bearerAuth', 'index.html#/payment-links/listpaymentlinks'],
    ['the info object', '#/info', 'index.html'],
  ])('links %s', (_, node, href) => {
    expect(specNodeHref(spec, node)).toBe(href);
  });

  it('gives every spec node of the register a place in the reference, except info and servers', () => {
    const nodes = [...new Set(parseRegister(register).flatMap((entry) => entry.specNodes))];
    expect(nodes.length).toBeGreaterThan(20);
    const unplaced = nodes.filter((node) => specNodeHref(spec, node) === 'index.html');
    expect(unplaced.every((node) => /^#\/(?:info|servers)(?:\/|$)/.test(node)), unplaced.join(', ')).toBe(true);
  });
});

describe('linkSpecNodes', () => {
  it('links the pointers of Spec nodes lines only', () => {
    const text = [
      '## D1. An entry',
      '- **Spec nodes:** `#/paths/~1auth/post`, `#/components/schemas/Item`',
      '- **Decision:** see `#/paths/~1auth/post` in the spec.',
    ].join('\n');
    expect(linkSpecNodes(text, (pointer) => `index.html?${pointer}`).split('\n')).toEqual([
      '## D1. An entry',
      '- **Spec nodes:** [`#/paths/~1auth/post`](<index.html?#/paths/~1auth/post>), [`#/components/schemas/Item`](<index.html?#/components/schemas/Item>)',
      '- **Decision:** see `#/paths/~1auth/post` in the spec.',
    ]);
  });

  it('keeps the spec nodes parseRegister reads', () => {
    const linked = linkSpecNodes(register, (pointer) => specNodeHref(spec, pointer));
    expect(parseRegister(linked).map((entry) => entry.specNodes)).toEqual(parseRegister(register).map((entry) => entry.specNodes));
  });
});
