import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The local GitHub stand-in of a started portal: its address (from the
 * config ./portal start wrote) and its own token (written beside it), with
 * the two things a test does as a reviewer on GitHub: read and merge.
 */
export function standinOf(stackDir: string) {
  const config = readFileSync(
    path.join(stackDir, 'app-config.stack.yaml'),
    'utf8',
  );
  const url = /apiBaseUrl: (\S+)/.exec(config)![1];
  const token = readFileSync(
    path.join(stackDir, 'github-standin-token'),
    'utf8',
  ).trim();
  return {
    url,
    token,
    get: async (route: string) => {
      const res = await fetch(`${url}${route}`, {
        headers: { Authorization: `token ${token}` },
      });
      assert.equal(res.status, 200, `GET ${route}`);
      return res.json();
    },
    /** Merges a pull request as a reviewer would on GitHub. */
    merge: async (number: number) => {
      const res = await fetch(
        `${url}/repos/proficientnow/platform-gitops/pulls/${number}/merge`,
        {
          method: 'PUT',
          headers: {
            Authorization: `token ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ merge_method: 'squash' }),
        },
      );
      assert.equal(res.status, 200, `merge #${number}`);
    },
  };
}
