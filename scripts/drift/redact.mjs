// The last line of defence for credentials: every text the runner prints or writes passes
// through a redactor that knows every credential value of the run. It masks each value
// plain, URL-encoded and JSON-escaped, and also the start of a value cut short with "..."
// (the validator shortens long values it quotes, which could leave half a secret behind).

export const MASK = '***';
const SHORTEST_MASKED_START = 4;

/** @param {string[]} secrets */
export function createRedactor(secrets) {
  const forms = secrets
    .filter(Boolean)
    .flatMap((secret) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  // Longest first, so a secret that contains another one is masked whole.
  const ordered = [...new Set(forms)].sort((a, b) => b.length - a.length);
  const starts = ordered.flatMap((form) => {
    const lengths = Array.from({ length: Math.max(0, form.length - SHORTEST_MASKED_START) }, (_, index) => form.length - 1 - index);
    return lengths.map((length) => escapeRegExp(form.slice(0, length)));
  });
  const cutShort = starts.length === 0 ? undefined : new RegExp(`(?:${starts.join('|')})(?=\\.\\.\\.)`, 'g');
  return (text) => {
    const masked = ordered.reduce((result, secret) => result.split(secret).join(MASK), String(text));
    return cutShort ? masked.replace(cutShort, MASK) : masked;
  };
}

/**
 * Copies a child's output stream line by line through the redactor (a secret never spans a
 * line break, so it cannot be split across two writes).
 */
export function pipeRedacted(stream, out, redact) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    if (lines.length > 0) out.write(lines.map((line) => `${redact(line)}\n`).join(''));
  });
  return new Promise((resolve) => {
    stream.on('end', () => {
      if (pending) out.write(redact(pending));
      resolve();
    });
  });
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
