// How an error is quoted in a report or a problem line: what it says, never where it was thrown.

/** An error's name and message without stack frames, at most 20 lines. */
export function firstLines(error: unknown): string {
  // An Error, or vitest's serialized copy of one: a plain object with the same fields.
  const { name, message } = typeof error === 'object' && error !== null ? (error as { name?: unknown; message?: unknown }) : {};
  const named = typeof name === 'string' && name !== 'Error' ? `${name}: ` : '';
  const text = `${named}${typeof message === 'string' ? message : String(error)}`;
  return text.split('\n').filter((line) => !/^\s+at\s/.test(line)).slice(0, 20).join('\n');
}
