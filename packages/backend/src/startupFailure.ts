/**
 * Turns a failed backend start into a message a person can act on. Backstage
 * wraps plugin start-up errors several levels deep; the config key that is
 * wrong is usually in the innermost cause, so every cause is printed.
 */
export function describeStartupFailure(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current && !seen.has(current)) {
    seen.add(current);
    if (current instanceof Error) {
      lines.push(`${current.name}: ${current.message}`);
      current = (current as Error & { cause?: unknown }).cause;
    } else {
      lines.push(String(current));
      break;
    }
  }
  const keys = new Set<string>();
  for (const line of lines) {
    for (const match of line.matchAll(
      /\b((?:backend|auth|catalog|integrations|kubernetes|scaffolder|portal|infraHealth|gitops|permission|app)\.[A-Za-z0-9_.[\]-]+)/g,
    )) {
      keys.add(match[1].replace(/[.,:]+$/, ''));
    }
  }
  const header =
    keys.size > 0
      ? `The portal backend could not start. Check these configuration keys: ${[
          ...keys,
        ].join(', ')}`
      : 'The portal backend could not start.';
  return [header, ...lines.map(l => `  ${l}`)].join('\n');
}

export function reportStartupFailure(error: unknown): void {
  process.stderr.write(`\n${describeStartupFailure(error)}\n\n`);
}
