// @ts-check
// Where a JSON text first breaks the grammar, and why. Node 20's JSON.parse names no position for
// many errors (a trailing comma, a comment, a byte order mark), so a file a person edits by hand
// is checked with this small scanner to point at the line and column to fix.

/**
 * @param {string} text
 * @returns {{ offset: number, problem: string } | undefined} undefined when the text is valid JSON
 */
export function jsonSyntaxError(text) {
  let at = 0;
  /** @param {string} problem */
  const fail = (problem) => {
    throw Object.assign(new Error(problem), { offset: at });
  };
  const space = () => {
    while (/[ \t\n\r]/.test(text[at] ?? '')) at += 1;
  };
  const describe = () => {
    const next = text[at];
    if (next === undefined) return 'the text ends too early';
    if (next === '\ufeff') return 'a byte order mark (save the file as UTF-8 without BOM)';
    if (next === '/' && (text[at + 1] === '/' || text[at + 1] === '*')) return 'a comment (JSON has none)';
    return `unexpected ${JSON.stringify(next)}`;
  };
  const string = () => {
    at += 1;
    while (text[at] !== '"') {
      if (text[at] === undefined || text[at] === '\n') fail('a string that does not end');
      if (text[at] === '\\') at += /^\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(at, at + 6)) ? (text[at + 1] === 'u' ? 6 : 2) : fail('an invalid escape');
      else at += 1;
    }
    at += 1;
  };
  /** @returns {void} */
  const value = () => {
    space();
    const next = text[at];
    if (next === '{' || next === '[') {
      const close = next === '{' ? '}' : ']';
      at += 1;
      space();
      if (text[at] === close) {
        at += 1;
        return;
      }
      for (;;) {
        if (next === '{') {
          space();
          if (text[at] !== '"') fail(text[at] === '}' ? 'a comma before "}" (JSON allows no trailing comma)' : `expected a property name, found ${describe()}`);
          string();
          space();
          if (text[at] !== ':') fail(`expected ":", found ${describe()}`);
          at += 1;
        }
        value();
        space();
        if (text[at] === ',') {
          at += 1;
          space();
          if (text[at] === close) fail(`a comma before "${close}" (JSON allows no trailing comma)`);
          continue;
        }
        if (text[at] === close) {
          at += 1;
          return;
        }
        fail(`expected "," or "${close}", found ${describe()}`);
      }
    }
    if (next === '"') return string();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at));
    if (!literal) fail(`expected a value, found ${describe()}`);
    at += literal?.[0].length ?? 0;
  };
  try {
    value();
    space();
    if (at < text.length) fail(`${describe()} after the end of the document`);
    return undefined;
  } catch (error) {
    return { offset: /** @type {{ offset: number }} */ (/** @type {unknown} */ (error)).offset, problem: /** @type {Error} */ (error).message };
  }
}
