/**
 * The portal's GitHub access with GitHub App credentials, through Backstage's
 * @backstage/integration, against the stand-in's App flow (JWT signed with the
 * app's key, installation tokens that expire).
 *
 * @jest-environment node
 */
import { ConfigReader } from '@backstage/config';
import {
  GitHubStandin,
  signAppJwt,
  startGitHubStandin,
} from '@internal/github-standin';
import { Octokit } from '@octokit/rest';
import { generateKeyPairSync } from 'node:crypto';
import { createGitOpsRepositoryService } from '../service/GitOpsRepositoryService';

jest.setTimeout(60_000);

const keyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const app = keyPair();

const INSTALLATION = 4711;

let standin: GitHubStandin;

beforeEach(async () => {
  standin = await startGitHubStandin({
    repos: [
      {
        owner: 'proficientnow',
        name: 'platform-gitops',
        files: { 'README.md': '# platform-gitops\n' },
      },
    ],
    tokens: ['ghp_someone_else'],
    apps: [
      {
        appId: 31337,
        slug: 'platform-portal',
        keyPem: app.publicKey,
        installations: [{ id: INSTALLATION, account: 'proficientnow' }],
        // Backstage renews a token 10 minutes before it expires: this one is renewed after 2 s
        tokenLifetimeSeconds: 602,
      },
      // an app of the organisation, installed elsewhere than on the GitOps repository's owner
      {
        appId: 31338,
        slug: 'elsewhere',
        keyPem: app.publicKey,
        installations: [{ id: 4712, account: 'another-org' }],
      },
    ],
  });
});
afterEach(async () => {
  const violations = standin.violations();
  await standin.close();
  if (violations.length)
    throw new Error(
      `GitHub protocol violations: ${JSON.stringify(violations)}`,
    );
});

function service(privateKey: string, appId = 31337) {
  return createGitOpsRepositoryService(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: 'github.local',
            apiBaseUrl: standin.url,
            apps: [
              {
                appId,
                privateKey,
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
        github: { writeInterval: { milliseconds: 0 } },
      },
    }),
  );
}

describe('GitHub App credentials', () => {
  it('open a pull request and read the repository as the app, renewing the installation token when it nears expiry', async () => {
    const gitops = service(app.privateKey);
    const publisher = await gitops.publisher();
    const first = await publisher.publish({
      owner: 'proficientnow',
      repo: 'platform-gitops',
      baseBranch: 'main',
      branch: 'gitops/component-applications-hello',
      files: new Map([['hello.txt', 'hello\n']]),
      commitMessage: 'Add hello',
      title: 'Add hello',
      body: 'As the app',
    });
    expect(first.created).toBe(true);
    expect(standin.installationTokensIssued(INSTALLATION)).toBe(1);
    // the token's lifetime left is under Backstage's ten-minute margin: the next request gets a new one
    await new Promise(resolve => setTimeout(resolve, 2500));
    const snapshot = await gitops.reader().snapshot();
    expect(snapshot.paths()).toContain('README.md');
    expect(
      standin.installationTokensIssued(INSTALLATION),
    ).toBeGreaterThanOrEqual(2);
    const pull = standin
      .repo('proficientnow', 'platform-gitops')
      .pulls()
      .find(p => p.number === first.number)!;
    expect(pull.title).toBe('Add hello');
    const commit = await standin
      .repo('proficientnow', 'platform-gitops')
      .git.readCommit(pull.headSha);
    // the commit was made as the app's bot
    expect(commit?.author?.name).toBe('platform-portal[bot]');
  });

  it('a private key that is not the app\u2019s is refused, naming the reason, and no token is issued', async () => {
    const gitops = service(keyPair().privateKey);
    await expect(gitops.publisher()).rejects.toThrow(
      /signature does not match|could not be decoded/,
    );
    expect(standin.installationTokensIssued(INSTALLATION)).toBe(0);
  });

  it('an app not installed on the repository\u2019s owner is refused, naming the owner, and no token is issued', async () => {
    const gitops = service(app.privateKey, 31338);
    const refused = gitops.publisher();
    await expect(refused).rejects.toThrow(/proficientnow/);
    // the message never carries the key
    await expect(refused).rejects.not.toThrow(/PRIVATE KEY|MII/);
    expect(standin.installationTokensIssued(4712)).toBe(0);
  });
});

describe('the stand-in\u2019s App flow', () => {
  it('refuses an expired installation token and an app JWT on a repository endpoint', async () => {
    await standin.close();
    standin = await startGitHubStandin({
      repos: [
        {
          owner: 'proficientnow',
          name: 'platform-gitops',
          files: { 'a.txt': 'a\n' },
        },
      ],
      tokens: ['ghp_someone_else'],
      apps: [
        {
          appId: 7,
          slug: 'short-lived',
          keyPem: app.publicKey,
          installations: [{ id: 8, account: 'proficientnow' }],
          tokenLifetimeSeconds: 1,
        },
      ],
    });
    const jwt = signAppJwt(7, app.privateKey);
    const asApp = new Octokit({ baseUrl: standin.url, auth: jwt });
    const { data: installations } = await asApp.apps.listInstallations();
    expect(installations.map(i => i.account?.login)).toEqual(['proficientnow']);
    await expect(
      asApp.repos.get({ owner: 'proficientnow', repo: 'platform-gitops' }),
    ).rejects.toMatchObject({ status: 401 });
    const {
      data: { token },
    } = await asApp.apps.createInstallationAccessToken({ installation_id: 8 });
    const asInstallation = new Octokit({ baseUrl: standin.url, auth: token });
    await expect(
      asInstallation.repos.get({
        owner: 'proficientnow',
        repo: 'platform-gitops',
      }),
    ).resolves.toMatchObject({ status: 200 });
    await new Promise(resolve => setTimeout(resolve, 1200));
    await expect(
      asInstallation.repos.get({
        owner: 'proficientnow',
        repo: 'platform-gitops',
      }),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      asApp.apps.createInstallationAccessToken({ installation_id: 9 }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
