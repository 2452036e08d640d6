const CODEOWNERS_PATH_RULE = /^\/[A-Za-z0-9._/-]+$/;
const CODEOWNERS_OWNER_RULE = /^@[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/;

/** Problems with CODEOWNERS entries, by field, so a bad entry is refused before anything is read or sent. */
export function codeownersProblems(
  entries: Array<{ path: string; owners: string[] }>,
  field = 'codeowners',
): string[] {
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    if (!CODEOWNERS_PATH_RULE.test(entry.path)) {
      problems.push(
        `${field}[${i}].path: must be an absolute repository path like /clusters/dev/a/ (letters, digits, ".", "_", "-", "/")`,
      );
    }
    entry.owners.forEach((owner, j) => {
      if (!CODEOWNERS_OWNER_RULE.test(owner)) {
        problems.push(
          `${field}[${i}].owners[${j}]: must be a GitHub handle like @org/team or @user`,
        );
      }
    });
    if (entry.owners.length === 0)
      problems.push(`${field}[${i}].owners: must name at least one owner`);
  });
  return problems;
}

/**
 * Adds or replaces CODEOWNERS lines for the given paths, keeping everything
 * else in the file as it is. Entries are written in a block of the portal's
 * own, sorted, so re-running a request changes nothing.
 */
export function mergeCodeowners(
  current: string | undefined,
  entries: Array<{ path: string; owners: string[] }>,
): string {
  const BEGIN =
    '# BEGIN platform-portal: nested clusters and components (managed by the portal)';
  const END = '# END platform-portal';
  const lines = (current ?? '').split('\n');
  const begin = lines.indexOf(BEGIN);
  const end = lines.indexOf(END);
  const outside =
    begin >= 0 && end > begin
      ? [...lines.slice(0, begin), ...lines.slice(end + 1)]
      : lines;
  const managed = new Map<string, string>();
  if (begin >= 0 && end > begin) {
    for (const line of lines.slice(begin + 1, end)) {
      const [path, ...owners] = line.trim().split(/\s+/);
      if (path && owners.length) managed.set(path, owners.join(' '));
    }
  }
  for (const entry of entries) {
    if (codeownersProblems([entry]).length > 0) {
      throw new Error(`invalid CODEOWNERS entry ${JSON.stringify(entry)}`);
    }
    managed.set(entry.path, entry.owners.join(' '));
  }
  const head = outside.join('\n').replace(/\n+$/, '');
  const block = [
    BEGIN,
    ...[...managed]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([path, owners]) => `${path} ${owners}`),
    END,
  ].join('\n');
  return `${head ? `${head}\n\n` : ''}${block}\n`;
}
