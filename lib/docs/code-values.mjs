// @ts-check
// How the code samples write example values: as TypeScript literals, and as JSON for a shell heredoc,
// with credentials as the environment variables that hold them.

/** A credential in an example, written in a sample as the environment variable that holds it. */
export class Variable {
  /** @param {string} name */
  constructor(name) {
    this.name = name;
  }
}

/**
 * A value as a TypeScript literal: unquoted keys where they can be, single-quoted strings, short
 * lists of plain values on one line.
 * @param {unknown} value
 * @param {string} indent
 * @returns {string}
 */
export function typescriptValue(value, indent) {
  if (value instanceof Variable) return `process.env.${value.name}!`;
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const inline = `[${value.map((item) => typescriptValue(item, inner)).join(', ')}]`;
    if (value.every((item) => item === null || typeof item !== 'object') && inline.length <= 60) return inline;
    return `[\n${value.map((item) => `${inner}${typescriptValue(item, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const key = (/** @type {string} */ name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name));
  return `{\n${entries.map(([name, item]) => `${inner}${key(name)}: ${typescriptValue(item, inner)},`).join('\n')}\n${indent}}`;
}

/**
 * A TypeScript string literal.
 * @param {string} text
 */
export function quote(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/**
 * A value as indented JSON for an unquoted heredoc: `\`, `$` and backticks escaped, so the shell
 * expands only the variables.
 * @param {unknown} value
 */
export function heredocJson(value) {
  // A private-use character marks a variable: JSON.stringify leaves it as it is, examples never hold it.
  const marked = JSON.stringify(value, (_, item) => (item instanceof Variable ? `\uE000${item.name}\uE000` : item), 2);
  return marked.replace(/[\\$`]/g, '\\$&').replace(/\uE000(\w+)\uE000/g, '$$$1');
}
