// How long a step takes, as the bench judges it: one unmeasured run first (it warms the file
// cache), then `runs` measured runs, and their median.

/**
 * @param {number} runs
 * @param {() => void} step runs the step once; throws when it fails
 * @returns {{ medianMs: number, runsMs: number[] }} the runs in the order they ran
 */
export function medianTime(runs, step) {
  step();
  const runsMs = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    step();
    runsMs.push(performance.now() - started);
  }
  return { medianMs: [...runsMs].sort((a, b) => a - b)[Math.floor(runs / 2)], runsMs };
}
