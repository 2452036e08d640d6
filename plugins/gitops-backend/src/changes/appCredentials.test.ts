/**
 * The pending changes read as a GitHub App (installation token through
 * @backstage/integration), against the GitHub stand-in's App flow.
 *
 * @jest-environment node
 */
import { ConfigReader } from '@backstage/config';
import {
  GitHubStandin,
  pushCommit,
  startGitHubStandin,
} from '@internal/github-standin';
import { Octokit } from '@octokit/rest';
import { generateKeyPairSync } from 'node:crypto';
import { PendingChangesService } from './PendingChangesService';

jest.setTimeout(60_000);

const key = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const PERSON = 'ghp_someone_opening_pull_requests';
let standin: GitHubStandin;

beforeAll(async () => {
  standin = await startGitHubStandin({
    repos: [
      {
        owner: 'proficientnow',
        name: 'platform-gitops',
        files: { 'README.md': '# platform-gitops\n' },
      },
    ],
    tokens: [PERSON],
    apps: [
      {
        appId: 4242,
        slug: 'platform-portal',
        keyPem: key.publicKey,
        installations: [{ id: 77, account: 'proficientnow' }],
      },
    ],
  });
  // a portal branch and its pull request, opened by someone with a token
  const octokit = new Octokit({ baseUrl: standin.url, auth: PERSON });
  const r = { owner: 'proficientnow', repo: 'platform-gitops' };
  const { data: main } = await octokit.git.getRef({ ...r, ref: 'heads/main' });
  await octokit.git.createRef({
    ...r,
    ref: 'refs/heads/gitops/cluster-dev-app-dev',
    sha: main.object.sha,
  });
  await pushCommit(octokit, {
    ...r,
    branch: 'gitops/cluster-dev-app-dev',
    message: 'a cluster',
    files: { 'clusters/dev/app-dev/kustomization.yaml': 'resources: []\n' },
  });
  await octokit.pulls.create({
    ...r,
    head: 'gitops/cluster-dev-app-dev',
    base: 'main',
    title: 'Nested cluster app-dev (dev)',
  });
});
afterAll(async () => {
  const violations = standin.violations();
  await standin.close();
  if (violations.length)
    throw new Error(
      `GitHub protocol violations: ${JSON.stringify(violations)}`,
    );
});

it('lists the open portal pull requests with App credentials only', async () => {
  const service = PendingChangesService.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: 'github.local',
            apiBaseUrl: standin.url,
            apps: [
              {
                appId: 4242,
                privateKey: key.privateKey,
                clientId: 'Iv1.platformportal',
                clientSecret: 'not used by the app flow',
                webhookSecret: 'not used here',
              },
            ],
          },
        ],
      },
      gitops: {
        repository: {
          url: 'https://github.local/proficientnow/platform-gitops',
        },
      },
    }),
  );
  const answer = await service.list();
  expect(answer.changes.map(c => [c.number, c.kind, c.target])).toEqual([
    [1, 'cluster', 'app-dev'],
  ]);
  expect(standin.installationTokensIssued(77)).toBe(1);
});
