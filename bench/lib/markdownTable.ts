/** A Markdown table with padded columns, for the results the benchmarks print and docs/benchmarks.md quotes. */
export function markdownTable(
  headers: string[],
  rows: Array<Array<string | number>>,
): string {
  const cells = [headers, ...rows.map(r => r.map(String))];
  const widths = headers.map((_, i) =>
    Math.max(...cells.map(r => (r[i] ?? '').length)),
  );
  const line = (r: string[]) =>
    `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(cells[0]),
    `| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}
