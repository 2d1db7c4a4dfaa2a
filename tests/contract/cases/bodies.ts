// Request bodies built from a target's fixtures, for cases that create real resources.
import type { CreatePaymentLinkBody } from '../../../src/index.js';
import type { TargetFixtures } from '../support/target.js';

/**
 * A checkoutToken no other run uses, under the target's prefix: cleanup only ever touches
 * resources whose token carries it.
 */
export function uniqueCheckoutToken(fixtures: TargetFixtures, purpose: string): string {
  const prefix = fixtures.checkoutTokenPrefix;
  const separator = prefix === '' || prefix.endsWith('-') ? '' : '-';
  return `${prefix}${separator}${purpose}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A small payment link paid into the fixture account, usable for ten minutes. */
export function paymentLinkBody(fixtures: TargetFixtures, checkoutToken: string): CreatePaymentLinkBody {
  const amount = '1000';
  return {
    checkoutToken,
    currency: fixtures.currency,
    items: [{ description: 'Contract suite check', preTaxAmount: amount, totalAmount: amount }],
    paymentMethodsAllowed: ['ETPAY', 'WEBPAY'],
    // The identity-and-account destination: the fixtures name no account holder.
    destinations: [
      {
        type: 'ACCOUNT',
        amount,
        currency: fixtures.currency,
        identity: { identityId: fixtures.identityId },
        account: { accountNumber: fixtures.accountNumber },
      },
    ],
    // Short, so a link the API refuses to delete (an ACTIVE one, D30) expires soon on its own.
    duration: 600,
    owner: { identityId: fixtures.identityId },
    customerRequirements: ['firstName', 'email'],
    successUrl: 'https://example.com/contract-suite/success',
    failedUrl: 'https://example.com/contract-suite/failed',
  };
}
