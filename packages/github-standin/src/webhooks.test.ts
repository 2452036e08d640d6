/** @jest-environment node */
import { Octokit } from '@octokit/rest';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { loadOpenApiValidator } from './OpenApiValidator';
import { pushCommit } from './pushCommit';
import { GitHubStandin, startGitHubStandin } from './startGitHubStandin';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
jest.setTimeout(30_000);

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let receiver: http.Server;
let received: Received[];
let standin: GitHubStandin;
const SECRET = 'webhook-secret-0c1d';

beforeEach(async () => {
  received = [];
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>(r => receiver.listen(0, '127.0.0.1', r));
  standin = await startGitHubStandin({
    repos: [{ owner: 'acme', name: 'gitops', files: { 'a.yaml': 'a: 1\n' } }],
    webhooks: [
      {
        url: `http://127.0.0.1:${
          (receiver.address() as AddressInfo).port
        }/hook`,
        secret: SECRET,
      },
    ],
  });
});
afterEach(async () => {
  await standin.close();
  await new Promise(r => receiver.close(r));
});

it("delivers a signed push webhook in GitHub's schema when a branch moves", async () => {
  const gh = new Octokit({
    baseUrl: standin.url,
    auth: standin.token,
    log: quiet,
  });
  const { before, after } = await pushCommit(gh, {
    owner: 'acme',
    repo: 'gitops',
    message: 'Add b',
    files: { 'b.yaml': 'b: 2\n' },
  });
  await standin.webhooksSettled();

  expect(received).toHaveLength(1);
  const [delivery] = received;
  expect(delivery.headers['x-github-event']).toBe('push');
  expect(delivery.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
  expect(delivery.headers['x-hub-signature-256']).toBe(
    `sha256=${createHmac('sha256', SECRET)
      .update(delivery.body)
      .digest('hex')}`,
  );
  const payload = JSON.parse(delivery.body);
  expect(payload).toMatchObject({
    ref: 'refs/heads/main',
    before,
    after,
    repository: { full_name: 'acme/gitops' },
    head_commit: { id: after, message: 'Add b' },
  });
  // checked against the push webhook schema of GitHub's description before sending
  expect(standin.violations()).toEqual([]);
  expect(standin.webhookDeliveries()).toEqual([
    expect.objectContaining({ status: 202, ref: 'refs/heads/main', after }),
  ]);
});

it('checks payloads against the schema for real: a payload missing its fields is refused', async () => {
  const issues = (await loadOpenApiValidator()).validateWebhook('push', {
    ref: 'refs/heads/main',
  });
  expect(issues.map(i => i.message).join('; ')).toMatch(/before/);
});

it('posts webhooks only to loopback', () => {
  expect(() =>
    standin.addWebhook({ url: 'http://10.0.20.5/hook', secret: 's' }),
  ).toThrow(/loopback/);
});
