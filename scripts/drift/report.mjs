// Turns what a drift run observed into reports/drift.json: one result per operation of the
// spec and every finding, deduplicated. The Markdown and JUnit reports are renderings of this
// object (render.mjs), so the three cannot disagree.
//
// Per operation:
//   drift    at least one finding names it (a response it gave, or a behaviour a case reported);
//   error    a case of it failed without any finding (it crashed, or saw something no finding describes);
//   ok       otherwise, when a case of it ran or one of its responses was judged;
//   skipped  nothing about it ran on this target (the reason says why).
// Exit code: 2 could not run (or the run broke: a case or test file errored, nothing was
// checked), else 1 when any finding is breaking, else 0.

/**
 * @param {object} run
 * @param {string} run.tool
 * @param {{ version: string, sha256: string, operations: { operationId: string, method: string, path: string }[] }} run.spec
 * @param {{ kind: string, baseUrl: string }} run.target
 * @param {string} run.startedAt
 * @param {string} run.finishedAt
 * @param {string} [run.couldNotRun] why nothing ran (configuration, preflight, vitest did not start)
 * @param {{ tests: object[], problems: string[] }} [run.results] what the drift reporter collected
 * @param {object[]} [run.exchanges] every request of the run, as the sandbox transport logged it
 * @param {object} [run.extra] more top-level fields (requests, checkoutTokenPrefix, preflight, cleanup)
 */
export function buildReport(run) {
  const tests = (run.results?.tests ?? []).filter((test) => test.contract);
  const exchanges = run.exchanges ?? [];
  // A run that could not run judges nothing, even if some calls were made before it broke.
  const findings = run.couldNotRun ? [] : collectFindings(tests, exchanges);
  const problems = [
    ...(run.results?.problems ?? []),
    ...(run.results?.tests ?? [])
      .filter((test) => !test.contract && test.state === 'failed')
      .map((test) => `${test.file} > ${test.name}: ${test.errors[0] ?? 'failed'}`),
  ];

  const operations = run.spec.operations.map(({ operationId, method, path }) => {
    const entry = { operationId, method, path, ...judgeOperation(operationId, tests, findings, exchanges, run.couldNotRun) };
    return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
  });

  const count = (result) => operations.filter((operation) => operation.result === result).length;
  const breaking = findings.filter((finding) => finding.severity === 'breaking').length;
  const summary = {
    operations: operations.length,
    checked: count('ok') + count('drift'),
    skipped: count('skipped'),
    errors: count('error'),
    breaking,
    additive: findings.length - breaking,
  };
  const { verdict, exitCode, reason } = verdictOf(summary, problems, run.couldNotRun);
  return {
    tool: run.tool,
    spec: { version: run.spec.version, sha256: run.spec.sha256 },
    target: run.target,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    summary,
    operations,
    findings,
    verdict,
    exitCode,
    ...(reason ? { reason } : {}),
    problems,
    ...run.extra,
  };
}

function verdictOf(summary, problems, couldNotRun) {
  if (couldNotRun) return { verdict: 'could-not-run', exitCode: 2, reason: couldNotRun };
  if (summary.breaking > 0) return { verdict: 'breaking', exitCode: 1 };
  const broken = [
    summary.errors > 0 ? `${summary.errors} operation(s) could not be checked (result "error")` : '',
    problems.length > 0 ? `${problems.length} problem(s) outside the contract cases` : '',
    summary.checked === 0 ? 'no operation was checked' : '',
  ].filter(Boolean);
  if (broken.length > 0) return { verdict: 'incomplete', exitCode: 2, reason: broken.join('; ') };
  return { verdict: summary.additive > 0 ? 'additive' : 'ok', exitCode: 0 };
}

function judgeOperation(operationId, tests, findings, exchanges, couldNotRun) {
  if (couldNotRun) return { result: 'skipped', reason: `not run: ${couldNotRun}` };
  const cases = tests.filter((test) => test.contract.operationId === operationId);
  const ran = cases.filter((test) => test.state === 'passed' || test.state === 'failed');
  // A case whose calls drew findings failed because of drift, not for a reason of its own.
  const explained = new Set([
    ...tests.filter((test) => (test.contract.findings ?? []).length > 0).map((test) => test.name),
    ...exchanges.filter((exchange) => (exchange.findings ?? []).length > 0).map((exchange) => exchange.test),
  ]);
  const errored = ran.filter((test) => test.state === 'failed' && !explained.has(test.name));
  const own = findings.filter((finding) => finding.operationId === operationId);
  const calls = exchanges.filter((exchange) => exchange.operationId === operationId && exchange.status !== undefined);
  const errorReason = errored.length > 0 ? `${errored[0].name}: ${errored[0].errors[0] ?? 'failed'}` : undefined;

  if (own.length > 0) {
    const first = own[0];
    return { result: 'drift', status: first.status, requestId: first.requestId, reason: errorReason };
  }
  const shown = calls.find((exchange) => exchange.status >= 200 && exchange.status < 300) ?? calls[0];
  const status = shown?.status ?? ran.find((test) => test.state === 'passed')?.contract.status;
  const observed = { status, requestId: shown?.requestId };
  if (errored.length > 0) return { result: 'error', ...observed, reason: errorReason };
  if (ran.length > 0 || calls.length > 0) return { result: 'ok', ...observed };
  if (cases.length === 0) return { result: 'skipped', reason: 'no contract case covers this operation' };
  const notes = [...new Set(cases.map((test) => test.note || test.state))];
  return { result: 'skipped', reason: `no case ran on this target (${notes.join('; ')})` };
}

/**
 * Every finding once, in run order: those the cases recorded (behaviours included) and those
 * the sandbox transport judged on every answer (a case that crashed still has them). The same
 * drift seen on several calls (both flows, a retried GET) is one finding with `occurrences`;
 * the value a body finding shows may differ between calls, so it is not part of the identity.
 */
function collectFindings(tests, exchanges) {
  const observed = [
    ...tests.flatMap((test) => (test.contract.findings ?? []).map((finding) => ({ finding, testName: test.name }))),
    ...exchanges.flatMap((exchange) =>
      (exchange.findings ?? []).map((finding) => ({ finding, testName: exchange.test, call: exchange.seq }))),
  ];
  const byKey = new Map();
  for (const { finding, testName, call } of observed) {
    const key = [finding.operationId, finding.status, finding.kind, finding.location, finding.expected].join('\u0000');
    const entry = byKey.get(key) ?? { finding, testName, calls: new Set(), recorded: 0 };
    byKey.set(key, entry);
    if (call === undefined) entry.recorded += 1;
    else entry.calls.add(call);
  }
  return [...byKey.values()].map(({ finding, testName, calls, recorded }) => {
    const firstCall = [...calls][0];
    const exchange =
      firstCall === undefined
        ? exchangeOf(finding, testName, exchanges)
        : exchanges.find((candidate) => candidate.seq === firstCall);
    const occurrences = Math.max(calls.size, recorded);
    return {
      ...finding,
      ...(exchange?.requestId ? { requestId: exchange.requestId } : {}),
      ...(testName ? { case: testName } : {}),
      ...(exchange ? { call: exchange.seq } : {}),
      ...(occurrences > 1 ? { occurrences } : {}),
    };
  });
}

/** The logged call a finding describes: same case, operation and status if possible. */
function exchangeOf(finding, testName, exchanges) {
  const matches = exchanges.filter(
    (exchange) => exchange.operationId === finding.operationId && exchange.status === finding.status,
  );
  return matches.find((exchange) => exchange.test === testName) ?? matches[0];
}
