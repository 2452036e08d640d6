import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  APP_LOGIN_PREFIX,
  AppRegistry,
  isAppOperation,
  StandinApp,
} from './apps';
import { isCodeloadPath, serveCodeload } from './codeload';
import { ActiveFault, FaultRegistry, faultResponse, FaultSpec } from './faults';
import { GitRepository, RefInfo } from './GitRepository';
import { Urls } from './githubObjects';
import { answerGraphql } from './graphql';
import { avatarSvg, pullRequestPage, repositoryPage } from './htmlPages';
import { HttpError, RouteResult } from './http';
import {
  loadOpenApiValidator,
  OperationMatch,
  SchemaIssue,
} from './OpenApiValidator';
import { routeFor } from './routes';
import { RepoSeed, StandinState } from './StandinState';
import {
  WebhookDelivery,
  WebhookDispatcher,
  WebhookSubscription,
} from './webhooks';

/** The token accepted when `tokens` is not given. */
export const DEFAULT_STANDIN_TOKEN = 'standin-token';
/** The user a plain token authenticates as. */
export const DEFAULT_STANDIN_LOGIN = 'standin-user';

export interface GitHubStandinOptions {
  repos: RepoSeed[];
  /**
   * Accepted tokens, each a plain token (user `standin-user`) or a token with
   * its user's login. Default: `standin-token`.
   */
  tokens?: Array<string | { token: string; login: string }>;
  /**
   * GitHub Apps: each authenticates with a JWT signed by its key and gets
   * installation tokens that expire (see AppRegistry).
   */
  apps?: StandinApp[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Where the bare repositories live (`<owner>/<name>.git`); default a temp dir removed on close. */
  dataDir?: string;
  /** Repository webhooks: a signed `push` delivery each time a branch moves. */
  webhooks?: WebhookSubscription[];
}

/** Something the stand-in noticed: a client breaking GitHub's protocol, or a stand-in bug. */
export interface Violation {
  kind:
    | 'request'
    | 'unknown-endpoint'
    | 'unsupported-endpoint'
    | 'response'
    | 'internal-error';
  /** True for `response` and `internal-error`: the stand-in itself is wrong. */
  standinBug: boolean;
  method: string;
  path: string;
  operation?: string;
  status?: number;
  message: string;
  issues?: SchemaIssue[];
}

export interface RequestCounts {
  total: number;
  /** Per operation, keyed `METHOD /path/template` (GraphQL as `POST /graphql`). */
  byOperation: Record<string, number>;
  /**
   * Archive downloads from the `/_codeload/` URLs the tarball operation
   * redirects to. Not in `total`: on GitHub they come from another host and
   * do not count against the REST API rate limit.
   */
  downloads: number;
}

export interface PullSummary {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  /** `owner:branch` */
  head: string;
  headSha: string;
  base: string;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  assignees: string[];
}

/** Test helpers for one repository; all reads go through git. */
export interface StandinRepository {
  readonly gitDir: string;
  readonly git: GitRepository;
  readonly defaultBranch: string;
  /** path -> utf-8 content of every file on `branch` (default branch by default). */
  readFiles(branch?: string): Promise<Record<string, string>>;
  branches(): Promise<string[]>;
  refs(): Promise<RefInfo[]>;
  pulls(): PullSummary[];
  headSha(branch?: string): Promise<string | undefined>;
}

export interface GitHubStandin {
  /** Root URL, e.g. `http://127.0.0.1:PORT` (octokit's `baseUrl`; also serves the web pages). */
  readonly url: string;
  /** `url` + `/api/v3`, GitHub Enterprise style (Backstage `apiBaseUrl`; GraphQL at `/api/graphql`). */
  readonly apiBaseUrl: string;
  /** The first configured token. */
  readonly token: string;
  readonly dataDir: string;
  close(): Promise<void>;
  repo(owner: string, name: string): StandinRepository;
  addRepo(seed: RepoSeed): Promise<StandinRepository>;
  requestCounts(): RequestCounts;
  resetCounts(): void;
  injectFault(spec: FaultSpec): ActiveFault;
  clearFaults(): void;
  violations(): Violation[];
  clearViolations(): void;
  /** Adds a repository webhook (loopback URLs only). */
  addWebhook(subscription: WebhookSubscription): void;
  /** How many installation tokens an app installation was given. */
  installationTokensIssued(installationId: number): number;
  /** Every installation token issued so far (for tests that search for leaked secrets). */
  installationTokens(): string[];
  /** Every webhook delivery so far, oldest first. */
  webhookDeliveries(): WebhookDelivery[];
  /** Resolves when the deliveries started so far are done. */
  webhooksSettled(): Promise<void>;
}

const MAX_BODY_BYTES = 200 * 1024 * 1024;
const API_PREFIX = '/api/v3';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function queryObject(url: URL): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length > 1 ? values : values[0];
  }
  return query;
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function errorBody(error: HttpError, documentationUrl: string) {
  const body: Record<string, unknown> = {
    message: error.message,
    documentation_url: documentationUrl,
    status: String(error.status),
  };
  if (error.errors) body.errors = error.errors;
  return body;
}

/**
 * Starts a GitHub REST API stand-in on loopback with real bare git
 * repositories behind it; see the package README for what it serves.
 */
export async function startGitHubStandin(
  options: GitHubStandinOptions,
): Promise<GitHubStandin> {
  const ownsDataDir = !options.dataDir;
  const dataDir =
    options.dataDir ??
    (await fs.mkdtemp(path.join(os.tmpdir(), 'github-standin-')));
  const state = new StandinState(dataDir);
  state.apps = new AppRegistry(options.apps ?? []);
  for (const seed of options.repos) await state.addRepo(seed);

  const tokens = new Map<string, string>();
  for (const entry of options.tokens ?? [DEFAULT_STANDIN_TOKEN]) {
    if (typeof entry === 'string') tokens.set(entry, DEFAULT_STANDIN_LOGIN);
    else tokens.set(entry.token, entry.login);
  }
  const faults = new FaultRegistry();
  let counts: Record<string, number> = {};
  let total = 0;
  let downloads = 0;
  const recorded: Violation[] = [];
  let baseUrl = '';
  const webhooks = new WebhookDispatcher(
    state,
    async payload =>
      (await loadOpenApiValidator()).validateWebhook('push', payload),
    issues =>
      recorded.push({
        kind: 'response',
        standinBug: true,
        method: 'POST',
        path: '(push webhook)',
        message: "the push webhook payload does not match GitHub's schema",
        issues,
      }),
  );
  for (const subscription of options.webhooks ?? []) {
    webhooks.subscribe(subscription);
  }
  state.branchMoved = (...args) => webhooks.branchMoved(...args);

  const count = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
    total++;
  };

  const authenticate = (req: IncomingMessage): string | undefined => {
    const header = req.headers.authorization ?? '';
    let token: string | undefined;
    const bearer = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
    if (bearer) token = bearer[1];
    const basic = /^basic\s+(\S+)\s*$/i.exec(header);
    if (basic) {
      token = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[1];
    }
    if (token === undefined) return undefined;
    // a configured token, or an installation token that has not expired
    return tokens.get(token) ?? state.apps.loginOf(token);
  };

  const commonHeaders = (requestId: string): Record<string, string> => ({
    'x-github-request-id': requestId,
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    'x-oauth-scopes': 'repo, workflow, read:org',
    'x-accepted-oauth-scopes': '',
    'x-ratelimit-limit': String(state.rateLimit.limit),
    'x-ratelimit-remaining': String(state.rateLimit.remaining()),
    'x-ratelimit-reset': String(state.rateLimit.reset),
    'x-ratelimit-used': String(state.rateLimit.used),
    'x-ratelimit-resource': 'core',
    'access-control-allow-origin': '*',
    'access-control-expose-headers':
      'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-GitHub-Request-Id',
  });

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string>,
    contentType = 'application/json; charset=utf-8',
  ) => {
    let data: Buffer | undefined;
    if (Buffer.isBuffer(body)) data = body;
    else if (typeof body === 'string') data = Buffer.from(body, 'utf8');
    else if (body !== undefined) data = Buffer.from(JSON.stringify(body));
    const all: Record<string, string | number> = { ...headers };
    if (data) {
      all['content-type'] = contentType;
      all['content-length'] = data.length;
    }
    res.writeHead(status, all);
    res.end(data);
  };

  const webPage = async (
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
  ): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let segments: string[];
    try {
      segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return false;
    }
    if (segments[0] === 'avatars' && segments.length === 2) {
      send(res, 200, avatarSvg(segments[1]), {}, 'image/svg+xml');
      return true;
    }
    if (segments.length < 2) return false;
    const repo = state.repo(segments[0], segments[1]);
    if (!repo) return false;
    const html = 'text/html; charset=utf-8';
    if (segments.length === 2) {
      const branches = await repo.git.branches();
      const href = `/${encodeURIComponent(repo.owner)}/${encodeURIComponent(
        repo.name,
      )}`;
      send(res, 200, repositoryPage(repo, branches, href), {}, html);
      return true;
    }
    if (segments[2] === 'pull' && /^\d+$/.test(segments[3] ?? '')) {
      const pr = repo.pulls.find(p => p.number === Number(segments[3]));
      if (!pr) {
        send(
          res,
          404,
          '<!doctype html><h1>Pull request not found</h1>',
          {},
          html,
        );
        return true;
      }
      const live = await state.live(repo, pr, { details: true });
      send(res, 200, pullRequestPage(repo, pr, live), {}, html);
      return true;
    }
    return false;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', baseUrl);
    const requestUrl = new URL(
      req.url ?? '/',
      `http://${req.headers.host ?? new URL(baseUrl).host}`,
    );
    const requestId = randomBytes(13)
      .toString('hex')
      .toUpperCase()
      .replace(/^(.{4})(.{4})(.{6})(.{6})(.{6})$/, '$1:$2:$3:$4:$5');
    let pathname = url.pathname;
    let prefix = '';
    if (pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`)) {
      prefix = API_PREFIX;
      pathname = pathname.slice(API_PREFIX.length) || '/';
    }
    const urls: Urls = {
      web: requestUrl.origin,
      api: `${requestUrl.origin}${prefix}`,
    };

    if (method === 'OPTIONS') {
      send(res, 204, undefined, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE',
        'access-control-allow-headers':
          'Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, Accept, X-GitHub-Api-Version, X-Requested-With, User-Agent',
        'access-control-max-age': '86400',
      });
      return;
    }
    if (!prefix && isCodeloadPath(pathname)) {
      downloads++;
      const answer = await serveCodeload(state, method, pathname);
      send(res, answer.status, answer.body, answer.headers, answer.contentType);
      return;
    }
    if (!prefix && (await webPage(req, res, pathname))) return;

    const bodyBuffer = await readBody(req);
    const headers = commonHeaders(requestId);
    const authenticated = authenticate(req);
    const violation = (v: Omit<Violation, 'method' | 'path' | 'standinBug'>) =>
      recorded.push({
        ...v,
        method,
        path: url.pathname,
        standinBug: v.kind === 'response' || v.kind === 'internal-error',
      });
    const parseJson = (): { ok: boolean; value?: unknown } => {
      if (bodyBuffer.length === 0) return { ok: true };
      try {
        return { ok: true, value: JSON.parse(bodyBuffer.toString('utf8')) };
      } catch {
        return { ok: false };
      }
    };

    const isGraphql =
      method === 'POST' &&
      ((pathname === '/graphql' && !prefix) || url.pathname === '/api/graphql');
    if (isGraphql) {
      count('POST /graphql');
      if (!authenticated) {
        send(
          res,
          401,
          {
            message: 'Bad credentials',
            documentation_url: 'https://docs.github.com/graphql',
          },
          headers,
        );
        return;
      }
      state.rateLimit.count();
      const graphqlFault = faults.take(method, '/graphql', pathname);
      if (graphqlFault?.spec.delayMs) await sleep(graphqlFault.spec.delayMs);
      const graphqlInjected =
        graphqlFault &&
        faultResponse(
          graphqlFault.spec,
          requestId,
          Math.floor(Date.now() / 1000),
        );
      if (graphqlInjected) {
        send(res, graphqlInjected.status, graphqlInjected.body, {
          ...commonHeaders(requestId),
          ...graphqlInjected.headers,
        });
        return;
      }
      const parsed = parseJson();
      const answer = await answerGraphql(
        state,
        urls,
        (parsed.value ?? {}) as { query?: unknown; variables?: unknown },
      );
      if (answer.unsupported) {
        violation({
          kind: 'unsupported-endpoint',
          operation: 'POST /graphql',
          message: answer.unsupported,
        });
      }
      send(res, 200, answer.body, commonHeaders(requestId));
      return;
    }

    const validator = await loadOpenApiValidator();
    // `/contents` and `/contents/` list the root directory
    const contentsRoot = /^(\/repos\/[^/]+\/[^/]+\/contents)\/?$/.exec(
      pathname,
    );
    const match: OperationMatch | undefined = validator.match(
      method,
      contentsRoot ? `${contentsRoot[1]}/_` : pathname,
    );
    if (contentsRoot && match) match.pathParams.path = '';
    if (!match) {
      count(`${method} ${pathname}`);
      violation({
        kind: 'unknown-endpoint',
        message: `${method} ${pathname} is not an operation of GitHub's REST API`,
        status: 404,
      });
      send(
        res,
        404,
        {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest',
          status: '404',
        },
        headers,
      );
      return;
    }
    count(match.key);
    const docs = match.documentationUrl;
    let login = authenticated;
    if (isAppOperation(match.operationId)) {
      // authenticated as the app itself: a JWT it signed, never a token
      const jwt = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      const verified = jwt
        ? state.apps.verifyJwt(jwt[1])
        : { error: 'A JSON web token could not be decoded' };
      if ('error' in verified) {
        send(
          res,
          401,
          { message: verified.error, documentation_url: docs, status: '401' },
          headers,
        );
        return;
      }
      login = `${APP_LOGIN_PREFIX}${verified.app.appId}`;
    }
    if (!login) {
      send(
        res,
        401,
        {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        },
        headers,
      );
      return;
    }
    state.rateLimit.count();
    const afterCount = commonHeaders(requestId);

    const parsed = parseJson();
    if (!parsed.ok) {
      violation({
        kind: 'request',
        operation: match.key,
        status: 400,
        message: 'Body is not valid JSON',
      });
      send(
        res,
        400,
        {
          message: 'Problems parsing JSON',
          documentation_url: docs,
          status: '400',
        },
        afterCount,
      );
      return;
    }
    const query = queryObject(url);
    const issues = validator.validateRequest(match, query, parsed.value);
    if (issues.length) {
      const message = `Invalid request.\n\n${issues
        .map(i => i.message)
        .join('\n')}`;
      violation({
        kind: 'request',
        operation: match.key,
        status: 422,
        message,
        issues,
      });
      send(
        res,
        422,
        {
          message,
          errors: issues.map(i => ({
            resource: match.operationId,
            field: i.field,
            code: i.code,
            message: i.message,
          })),
          documentation_url: docs,
          status: '422',
        },
        afterCount,
      );
      return;
    }

    const fault = faults.take(method, match.template, pathname);
    if (fault?.spec.delayMs) await sleep(fault.spec.delayMs);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const injected = fault && faultResponse(fault.spec, requestId, nowSeconds);
    if (injected && !fault.spec.afterHandling) {
      send(res, injected.status, injected.body, {
        ...afterCount,
        ...injected.headers,
      });
      return;
    }

    const handler = routeFor(match.operationId);
    let result: RouteResult;
    if (!handler) {
      violation({
        kind: 'unsupported-endpoint',
        operation: match.key,
        status: 404,
        message: `${match.key} (${match.operationId}) is not implemented by the GitHub stand-in`,
      });
      result = {
        status: 404,
        body: { message: 'Not Found', documentation_url: docs, status: '404' },
      };
    } else {
      try {
        result = await handler({
          state,
          params: match.pathParams,
          query,
          body: parsed.value,
          login,
          urls,
          accept: String(req.headers.accept ?? ''),
          requestUrl,
        });
      } catch (error) {
        if (error instanceof HttpError) {
          result = {
            status: error.status,
            body: errorBody(error, docs),
            headers: error.headers,
          };
        } else {
          violation({
            kind: 'internal-error',
            operation: match.key,
            status: 500,
            message: (error as Error)?.stack ?? String(error),
          });
          result = {
            status: 500,
            body: {
              message: 'Server Error',
              documentation_url: docs,
              status: '500',
            },
          };
        }
      }
    }
    if (injected && fault.spec.afterHandling) {
      send(res, injected.status, injected.body, {
        ...afterCount,
        ...injected.headers,
      });
      return;
    }
    if (result.raw) {
      send(
        res,
        result.status,
        result.raw.data,
        { ...afterCount, ...result.headers },
        result.raw.contentType,
      );
      return;
    }
    if (handler) {
      const problems = validator.validateResponse(
        match,
        result.status,
        result.body,
      );
      if (problems.length) {
        violation({
          kind: 'response',
          operation: match.key,
          status: result.status,
          message: `Response ${result.status} of ${match.key} does not match GitHub's schema`,
          issues: problems,
        });
      }
    }
    send(res, result.status, result.body, { ...afterCount, ...result.headers });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
      if (!(error instanceof HttpError)) {
        recorded.push({
          kind: 'internal-error',
          standinBug: true,
          method: req.method ?? '',
          path: req.url ?? '',
          message: (error as Error)?.stack ?? String(error),
        });
      }
      if (!res.headersSent) {
        const status = error instanceof HttpError ? error.status : 500;
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
        });
        res.end(
          JSON.stringify({
            message:
              error instanceof HttpError ? error.message : 'Server Error',
          }),
        );
      } else {
        res.destroy();
      }
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost =
    address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${urlHost}:${address.port}`;

  const handleFor = (owner: string, name: string): StandinRepository => {
    const record = state.repo(owner, name);
    if (!record)
      throw new Error(`No repository ${owner}/${name} in the stand-in`);
    return {
      gitDir: record.git.gitDir,
      git: record.git,
      defaultBranch: record.defaultBranch,
      readFiles: branch => record.git.readFiles(branch ?? record.defaultBranch),
      branches: () => record.git.branches(),
      refs: () => record.git.listRefs(),
      headSha: branch =>
        record.git.resolveCommit(
          `refs/heads/${branch ?? record.defaultBranch}`,
        ),
      pulls: () =>
        record.pulls.map(pr => ({
          number: pr.number,
          title: pr.title,
          body: pr.body,
          state: pr.state,
          merged: !!pr.mergedAt,
          draft: pr.draft,
          head: `${pr.headRepo.owner}:${pr.headRef}`,
          headSha: pr.headSha,
          base: pr.baseRef,
          labels: [...pr.labels],
          requestedReviewers: [...pr.requestedReviewers],
          requestedTeams: [...pr.requestedTeams],
          assignees: [...pr.assignees],
        })),
    };
  };

  return {
    url: baseUrl,
    apiBaseUrl: `${baseUrl}${API_PREFIX}`,
    token: [...tokens.keys()][0],
    dataDir,
    installationTokensIssued: id => state.apps.issued.get(id) ?? 0,
    installationTokens: () => [...state.apps.issuedTokens],
    async close() {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownsDataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
    repo: handleFor,
    async addRepo(seed) {
      await state.addRepo(seed);
      return handleFor(seed.owner, seed.name);
    },
    requestCounts: () => ({ total, byOperation: { ...counts }, downloads }),
    resetCounts() {
      counts = {};
      total = 0;
      downloads = 0;
    },
    injectFault: spec => faults.add(spec),
    clearFaults: () => faults.clear(),
    violations: () => recorded.map(v => ({ ...v })),
    clearViolations() {
      recorded.length = 0;
    },
    addWebhook: subscription => webhooks.subscribe(subscription),
    webhookDeliveries: () => webhooks.deliveries.map(d => ({ ...d })),
    webhooksSettled: () => webhooks.settled(),
  };
}
