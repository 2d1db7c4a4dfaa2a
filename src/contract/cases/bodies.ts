// Request bodies built from a target's fixtures, for cases that create real resources.
import type { CreatePaymentLinkBody, Currency } from '../../index.js';
import type { TargetFixtures } from '../run/target.js';

/**
 * A checkoutToken no other run uses, under the target's prefix: cleanup only ever touches
 * resources whose token carries it.
 */
export function uniqueCheckoutToken(fixtures: TargetFixtures, purpose: string): string {
  const prefix = fixtures.checkoutTokenPrefix;
  const separator = prefix === '' || prefix.endsWith('-') ? '' : '-';
  return `${prefix}${separator}${purpose}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * A small payment link paid into the fixture account, usable for ten minutes. Its destination is
 * in one of the two request shapes (register D6): the guide's, by identity and account number
 * (`identity`, the default), or the reference one, with the whole account (`account`).
 */
export function paymentLinkBody(
  fixtures: TargetFixtures,
  checkoutToken: string,
  destinationShape: 'identity' | 'account' = 'identity',
): CreatePaymentLinkBody {
  const amount = '1000';
  const { identityId, accountNumber, accountHolder } = fixtures;
  const currency = fixtures.currency as Currency;
  const destination =
    destinationShape === 'identity'
      ? { type: 'ACCOUNT' as const, amount, currency, identity: { identityId }, account: { accountNumber } }
      : { type: 'ACCOUNT' as const, amount, account: { type: 'CHECKING' as const, currency, accountNumber, accountHolder } };
  return {
    checkoutToken,
    currency,
    items: [{ description: 'Contract suite check', preTaxAmount: amount, totalAmount: amount }],
    paymentMethodsAllowed: ['ETPAY', 'WEBPAY'],
    destinations: [destination],
    // Short, so a link the API refuses to delete (an ACTIVE one, D30) expires soon on its own.
    duration: 600,
    owner: { identityId },
    customerRequirements: ['firstName', 'email'],
    successUrl: 'https://example.com/contract-suite/success',
    failedUrl: 'https://example.com/contract-suite/failed',
  };
}
