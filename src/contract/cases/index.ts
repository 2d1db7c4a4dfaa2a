// The cases that may run on any target: the checkout flows, the link deletion, a read of the
// identity's available products, the pinned refusals and the requests without credentials. Each
// says on which targets it runs; a drift run takes those for a real server (`sandboxCases`).
// tests/contract/cases/ adds the cases that rely on the Prism mock.
import type { ContractCase } from '../run/case.js';
import { flowCases } from './flow.js';
import { refusalCases } from './refusals.js';

export { flowCases } from './flow.js';
export { refusalCases } from './refusals.js';

/** The cases a drift run sends to a real server, in the order it runs them. */
export const sandboxCases: readonly ContractCase[] = [...flowCases, ...refusalCases].filter((contractCase) =>
  contractCase.targets.includes('sandbox'),
);
