import { pullHtmlUrl, Urls } from './githubObjects';
import { StandinState } from './StandinState';

/**
 * The one GraphQL query the publish path needs:
 * octokit-plugin-create-pull-request asks
 * `repository(owner, name) { ref(qualifiedName) { associatedPullRequests(states: OPEN) { edges { node { id number url } } } } }`
 * to learn whether the head branch exists and already has an open pull
 * request. This answers that shape (a superset of it) and nothing else.
 */
export interface GraphqlAnswer {
  body: Record<string, unknown>;
  /** Set when the query is outside what the stand-in understands. */
  unsupported?: string;
}

function argument(
  query: string,
  field: string,
  name: string,
  variables: Record<string, unknown>,
): string | undefined {
  const call = new RegExp(`${field}\\s*\\(([^)]*)\\)`).exec(query);
  if (!call) return undefined;
  const arg = new RegExp(
    `${name}\\s*:\\s*(\\$\\w+|"(?:[^"\\\\]|\\\\.)*")`,
  ).exec(call[1]);
  if (!arg) return undefined;
  if (arg[1].startsWith('$')) {
    const value = variables[arg[1].slice(1)];
    return typeof value === 'string' ? value : undefined;
  }
  return JSON.parse(arg[1]);
}

export async function answerGraphql(
  state: StandinState,
  urls: Urls,
  request: { query?: unknown; variables?: unknown },
): Promise<GraphqlAnswer> {
  const query = typeof request.query === 'string' ? request.query : '';
  const variables =
    request.variables && typeof request.variables === 'object'
      ? (request.variables as Record<string, unknown>)
      : {};
  const owner = argument(query, 'repository', 'owner', variables);
  const name = argument(query, 'repository', 'name', variables);
  if (!/\brepository\s*\(/.test(query) || !owner || !name) {
    const message =
      'The GitHub stand-in answers only repository { ref { associatedPullRequests } } queries';
    return {
      body: { data: null, errors: [{ message, type: 'UNSUPPORTED' }] },
      unsupported: message,
    };
  }
  const repo = state.repo(owner, name);
  if (!repo) {
    return {
      body: {
        data: { repository: null },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['repository'],
            message: `Could not resolve to a Repository with the name '${owner}/${name}'.`,
          },
        ],
      },
    };
  }
  const qualified = argument(query, 'ref', 'qualifiedName', variables);
  const repository: Record<string, unknown> = {
    id: Buffer.from(`Repository:${repo.id}`).toString('base64'),
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    defaultBranchRef: { name: repo.defaultBranch },
    ref: null,
  };
  if (qualified !== undefined) {
    const branch = qualified.replace(/^refs\/heads\//, '');
    if (await repo.git.revParse(`refs/heads/${branch}^{commit}`)) {
      const onlyOpen = /states\s*:\s*\[?\s*OPEN\s*\]?/.test(query);
      const pulls = [repo, ...(repo.parent ? [repo.parent] : [])].flatMap(
        target =>
          target.pulls
            .filter(
              pr =>
                pr.headRepo === repo &&
                pr.headRef === branch &&
                (!onlyOpen || pr.state === 'open'),
            )
            .map(pr => ({
              id: Buffer.from(`PullRequest:${pr.id}`).toString('base64'),
              number: pr.number,
              url: pullHtmlUrl(target, pr.number, urls),
              title: pr.title,
              state: pr.state.toUpperCase(),
            })),
      );
      repository.ref = {
        name: branch,
        prefix: 'refs/heads/',
        associatedPullRequests: {
          totalCount: pulls.length,
          edges: pulls.map(node => ({ node })),
          nodes: pulls,
        },
      };
    }
  }
  return { body: { data: { repository } } };
}
