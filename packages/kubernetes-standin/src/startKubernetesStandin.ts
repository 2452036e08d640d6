import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { AnswerFault, ClusterFaults } from './clusterFaults';
import { garbageBody, injectedStatus } from './faultAnswers';
import { ActiveFault, FaultSpec, FaultTarget, parseFault } from './faults';
import { faultSourceOf } from './faultSources';
import {
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';
import {
  apiVersionOf,
  findByKind,
  findByPath,
  isBuiltIn,
  normaliseResourceKey,
  ResourceType,
  resourceKey,
  servedResourceTypes,
} from './resources';
import { KubeObject, KubeStatus } from './types';

/** The user the cluster's own `token` authenticates as. */
export const DEFAULT_CLUSTER_USER = 'kubernetes-admin';

/** A further token of a cluster, e.g. a read-only service account. */
export interface StandinClusterUser {
  token: string;
  /** Shown in 403 messages, e.g. `system:serviceaccount:backstage:reader`. */
  user: string;
  /** Resources this user may not read: `group/plural`, or `plural` for core (`pods`). */
  forbidden?: string[];
}

export interface StandinClusterSeed {
  name: string;
  /** Bearer token with access to everything (user `kubernetes-admin`). */
  token: string;
  objects?: KubeObject[];
  /** Resource types whose CRD is "not installed": `group/plural`, e.g. `ceph.rook.io/cephclusters`. */
  missingResources?: string[];
  users?: StandinClusterUser[];
  /** Default true. */
  controlPlaneHealthy?: boolean;
}

export interface KubernetesStandinOptions {
  clusters: StandinClusterSeed[];
  /** Default 0 (any free port). The host is always 127.0.0.1. */
  port?: number;
  /** Serve HTTPS with this key and certificate (PEM), like a real API server with its own CA. */
  tls?: { key: string; cert: string };
  /**
   * Answer as if Rook's operator were running: a CephCluster's
   * `status.ceph.lastChecked` (and capacity `lastUpdated`) read as the time of
   * the request, the way the operator refreshes them every minute. Default
   * true; false serves the stored timestamps (to test staleness).
   */
  operatorHeartbeats?: boolean;
  /**
   * Custom resource types to serve beside `RESOURCE_TYPES` (which already
   * holds cert-manager's Certificates), e.g. a CAPI `Cluster`; each must be
   * in a group with a dot and not repeat a served type.
   */
  resourceTypes?: ResourceType[];
}

/** One object of a cluster, as `setCondition` finds it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  /** For a namespaced kind; default `default`. */
  namespace?: string;
  name: string;
}

/** A condition as a controller writes it (`metav1.Condition`). */
export interface ConditionUpdate {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/**
 * Misbehaviour of a whole cluster, the first shape of its faults: kept for
 * its callers, it sets the cluster-wide (`all`) faults of `setFault` (at most
 * a latency and the first of refuse, hang, status, garbage, truncated).
 */
export interface ClusterFault {
  /** Delay before answering (or before the other faults). */
  latencyMs?: number;
  /** Destroy the socket without answering. */
  refuse?: boolean;
  /** Never answer. */
  hang?: boolean;
  /** Answer with this status (e.g. 500) and a Status body. */
  status?: number;
  /** 200 with a body that is not JSON (garbage variant `text`). */
  garbage?: boolean;
  /** 200 with the real JSON body cut in half (truncated variant `cut`). */
  truncated?: boolean;
}

export interface ClusterRequestCounts {
  total: number;
  /** Per `METHOD /path` (below the cluster prefix, no query). */
  byPath: Record<string, number>;
}

export interface KubernetesStandin {
  /** `http://127.0.0.1:PORT` (https with `tls`) */
  readonly url: string;
  /** `url` + `/clusters/<name>`: a client's server URL. */
  clusterUrl(name: string): string;
  /** Replaces all objects of a cluster. */
  setObjects(cluster: string, objects: KubeObject[]): void;
  /** Creates or replaces one object; returns the stored copy. */
  upsert(cluster: string, object: KubeObject): KubeObject;
  /** Returns whether the object existed. */
  remove(
    cluster: string,
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): boolean;
  setControlPlaneHealthy(cluster: string, healthy: boolean): void;
  /**
   * Sets one condition of an object's `status.conditions` the way its
   * controller would (e.g. a Certificate's Ready to False with a reason):
   * the condition of that type is replaced, or added; its
   * `lastTransitionTime` moves when its status changes and its
   * `observedGeneration` is the object's generation. Returns the stored
   * copy; throws for an object the cluster does not hold.
   */
  setCondition(
    cluster: string,
    object: ObjectRef,
    condition: ConditionUpdate,
  ): KubeObject;
  /**
   * Sets a fault on one source of a cluster, or on all its requests
   * (`all`). A source holds a latency and one other fault: a latency replaces
   * its latency, any other kind its other fault. Throws `FaultInputError`
   * (naming the field) for input `parseFault` refuses. Requests hanging on a
   * fault that goes away are answered.
   */
  setFault(cluster: string, fault: ActiveFault): void;
  /**
   * Clears the faults of one source (`all`: the cluster-wide ones only) or,
   * without a source, every fault of the cluster; returns what was cleared.
   */
  clearFaults(cluster: string, source?: FaultTarget): ActiveFault[];
  /** The active faults of a cluster, each in the shape `setFault` takes. */
  faults(cluster: string): ActiveFault[];
  /** Replaces the cluster-wide (`all`) faults; per-source faults stay. */
  setClusterFault(cluster: string, fault: ClusterFault): void;
  /** Clears every fault of the cluster, cluster-wide and per source. */
  clearClusterFault(cluster: string): void;
  requestCounts(cluster: string): ClusterRequestCounts;
  resetCounts(cluster?: string): void;
  close(): Promise<void>;
}

interface ClusterState {
  name: string;
  tokens: Map<string, { user: string; forbidden: Set<string> }>;
  missing: Set<string>;
  /** resource key -> `namespace/name` -> object */
  store: Map<string, Map<string, KubeObject>>;
  revision: number;
  healthy: boolean;
  faults: ClusterFaults;
  counts: ClusterRequestCounts;
}

class HttpStatus extends Error {
  constructor(readonly body: KubeStatus) {
    super(body.message);
  }
}

function status(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus['details'],
): HttpStatus {
  const body: KubeStatus = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
  return new HttpStatus(body);
}

function notFoundResource(): HttpStatus {
  return status(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

function statusDetails(
  type: ResourceType,
  name?: string,
): KubeStatus['details'] {
  return {
    ...(name !== undefined ? { name } : {}),
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
  };
}

const HEALTH_CHECKS = [
  'ping',
  'log',
  'etcd',
  'etcd-readiness',
  'informer-sync',
  'poststarthook/start-apiserver-admission-initializer',
  'poststarthook/generic-apiserver-start-informers',
  'poststarthook/start-apiextensions-informers',
  'poststarthook/start-apiextensions-controllers',
  'poststarthook/crd-informer-synced',
  'poststarthook/bootstrap-controller',
  'poststarthook/rbac/bootstrap-roles',
  'poststarthook/apiservice-registration-controller',
];
const FAILING_CHECKS = new Set(['etcd', 'etcd-readiness']);

function storeKey(namespace: string | undefined, name: string) {
  return `${namespace ?? ''}/${name}`;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** The cluster-wide faults a `ClusterFault` stands for. */
function clusterFaultAsFaults(fault: ClusterFault): ActiveFault[] {
  const faults: ActiveFault[] = [];
  if (fault.latencyMs && fault.latencyMs > 0) {
    faults.push({ source: 'all', fault: 'latency', ms: fault.latencyMs });
  }
  let answer: FaultSpec | undefined;
  if (fault.refuse) answer = { fault: 'reset' };
  else if (fault.hang) answer = { fault: 'hang' };
  else if (fault.status) answer = { fault: 'status', status: fault.status };
  else if (fault.garbage) answer = { fault: 'garbage', variant: 'text' };
  else if (fault.truncated) answer = { fault: 'truncated', variant: 'cut' };
  if (answer) faults.push({ source: 'all', ...answer });
  return faults;
}

/** Ends a connection without an answer: a TCP reset where the socket is plain TCP, else a close. */
function resetConnection(socket: Socket) {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy(); // TLS sockets cannot be reset
  }
}

/** A copy of `object` with one condition set as its controller would set it. */
function withCondition(
  object: KubeObject,
  condition: ConditionUpdate,
): KubeObject {
  const current = (
    object.status && typeof object.status === 'object' ? object.status : {}
  ) as { conditions?: Array<Record<string, unknown>> };
  const conditions = Array.isArray(current.conditions)
    ? current.conditions
    : [];
  const previous = conditions.find(c => c.type === condition.type);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const next = {
    type: condition.type,
    status: condition.status,
    ...(condition.reason !== undefined ? { reason: condition.reason } : {}),
    ...(condition.message !== undefined ? { message: condition.message } : {}),
    lastTransitionTime:
      previous && previous.status === condition.status
        ? previous.lastTransitionTime ?? now
        : now,
    observedGeneration: object.metadata.generation ?? 1,
  };
  return {
    ...clone(object),
    status: {
      ...current,
      conditions: previous
        ? conditions.map(c => (c === previous ? next : c))
        : [...conditions, next],
    },
  };
}

interface Answer {
  code: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

/**
 * Starts a Kubernetes API stand-in on 127.0.0.1 serving several clusters,
 * each under `/clusters/<name>`, with the real REST paths for reads.
 */
export async function startKubernetesStandin(
  options: KubernetesStandinOptions,
): Promise<KubernetesStandin> {
  const clusters = new Map<string, ClusterState>();
  const types = servedResourceTypes(options.resourceTypes);
  let uidCounter = 0;

  const cluster = (name: string): ClusterState => {
    const state = clusters.get(name);
    if (!state) throw new Error(`No cluster named ${name}`);
    return state;
  };

  const put = (state: ClusterState, input: KubeObject): KubeObject => {
    const type = findByKind(input.apiVersion, input.kind, types);
    if (!type) {
      throw new Error(
        `The stand-in does not serve ${input.apiVersion} ${input.kind}`,
      );
    }
    const name = input.metadata?.name;
    if (!name) throw new Error(`${input.kind} without metadata.name`);
    const object = clone(input);
    if (type.namespaced) {
      object.metadata.namespace = object.metadata.namespace ?? 'default';
    } else {
      delete object.metadata.namespace;
    }
    const key = storeKey(object.metadata.namespace, name);
    const bucket =
      state.store.get(resourceKey(type)) ?? new Map<string, KubeObject>();
    state.store.set(resourceKey(type), bucket);
    const previous = bucket.get(key);
    state.revision++;
    object.metadata.uid =
      object.metadata.uid ??
      previous?.metadata.uid ??
      `00000000-0000-4000-8000-${String(++uidCounter).padStart(12, '0')}`;
    object.metadata.creationTimestamp =
      object.metadata.creationTimestamp ??
      previous?.metadata.creationTimestamp ??
      new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    object.metadata.generation = object.metadata.generation ?? 1;
    object.metadata.resourceVersion = String(state.revision);
    bucket.set(key, object);
    return clone(object);
  };

  for (const seed of options.clusters) {
    if (clusters.has(seed.name)) {
      throw new Error(`Duplicate cluster ${seed.name}`);
    }
    const state: ClusterState = {
      name: seed.name,
      tokens: new Map([
        [seed.token, { user: DEFAULT_CLUSTER_USER, forbidden: new Set() }],
      ]),
      missing: new Set((seed.missingResources ?? []).map(normaliseResourceKey)),
      store: new Map(),
      revision: 100,
      healthy: seed.controlPlaneHealthy ?? true,
      faults: new ClusterFaults(),
      counts: { total: 0, byPath: {} },
    };
    for (const user of seed.users ?? []) {
      state.tokens.set(user.token, {
        user: user.user,
        forbidden: new Set((user.forbidden ?? []).map(normaliseResourceKey)),
      });
    }
    clusters.set(seed.name, state);
    for (const object of seed.objects ?? []) put(state, object);
  }

  const authenticate = (state: ClusterState, req: IncomingMessage) => {
    const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const caller = match ? state.tokens.get(match[1]) : undefined;
    if (!caller) throw status(401, 'Unauthorized', 'Unauthorized');
    return caller;
  };

  const health = (state: ClusterState, which: string, url: URL): Answer => {
    const verbose = url.searchParams.has('verbose');
    const lines = HEALTH_CHECKS.filter(
      c => which === 'readyz' || c !== 'etcd-readiness',
    ).map(c =>
      !state.healthy && FAILING_CHECKS.has(c)
        ? `[-]${c} failed: reason withheld`
        : `[+]${c} ok`,
    );
    const text = (body: string) => ({
      contentType: 'text/plain; charset=utf-8',
      body,
    });
    if (!state.healthy) {
      return {
        code: 500,
        ...text(`${lines.join('\n')}\n${which} check failed\n`),
      };
    }
    return {
      code: 200,
      ...text(verbose ? `${lines.join('\n')}\n${which} check passed\n` : 'ok'),
    };
  };

  const heartbeat = (object: KubeObject): KubeObject => {
    const ceph = (object as any).status?.ceph;
    if (
      options.operatorHeartbeats === false ||
      object.kind !== 'CephCluster' ||
      !ceph
    ) {
      return object;
    }
    const now = new Date().toISOString();
    return {
      ...object,
      status: {
        ...(object as any).status,
        ceph: {
          ...ceph,
          lastChecked: now,
          ...(ceph.capacity
            ? { capacity: { ...ceph.capacity, lastUpdated: now } }
            : {}),
        },
      },
    } as KubeObject;
  };

  const read = (
    state: ClusterState,
    req: IncomingMessage,
    path: string,
    url: URL,
  ): Answer => {
    const json = (body: unknown): Answer => ({
      code: 200,
      contentType: 'application/json',
      body: JSON.stringify(body),
    });
    const caller = authenticate(state, req);
    if (path === '/version') {
      return json({
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.4',
        platform: 'linux/amd64',
      });
    }

    const segments = path.split('/').filter(s => s !== '');
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments.length >= 3) {
      group = '';
      version = segments[1];
      rest = segments.slice(2);
    } else if (segments[0] === 'apis' && segments.length >= 4) {
      group = segments[1];
      version = segments[2];
      rest = segments.slice(3);
    } else {
      throw notFoundResource();
    }
    let namespace: string | undefined;
    let plural: string;
    let name: string | undefined;
    if (rest.length >= 3 && rest[0] === 'namespaces' && rest.length <= 4) {
      namespace = decodeURIComponent(rest[1]);
      plural = rest[2];
      name = rest[3] === undefined ? undefined : decodeURIComponent(rest[3]);
    } else if (rest.length <= 2) {
      plural = rest[0];
      name = rest[1] === undefined ? undefined : decodeURIComponent(rest[1]);
    } else {
      throw notFoundResource();
    }
    const type = findByPath(group, version, plural, types);
    if (!type || state.missing.has(resourceKey(type))) {
      throw notFoundResource();
    }
    if (namespace !== undefined && !type.namespaced) throw notFoundResource();
    if (name !== undefined && type.namespaced && namespace === undefined) {
      throw notFoundResource();
    }

    if (req.method !== 'GET') {
      throw status(
        405,
        'MethodNotAllowed',
        `the stand-in serves reads only; ${req.method} is not allowed on this resource`,
        statusDetails(type, name),
      );
    }
    if (caller.forbidden.has(resourceKey(type))) {
      const verb = name === undefined ? 'list' : 'get';
      const scope =
        namespace === undefined
          ? 'at the cluster scope'
          : `in the namespace "${namespace}"`;
      const resource = `${type.plural}${type.group ? `.${type.group}` : ''}`;
      const subject = name === undefined ? resource : `${resource} "${name}"`;
      throw status(
        403,
        'Forbidden',
        `${subject} is forbidden: User "${caller.user}" cannot ${verb} resource "${type.plural}" in API group "${type.group}" ${scope}`,
        statusDetails(type, name),
      );
    }

    const bucket = state.store.get(resourceKey(type)) ?? new Map();
    if (name !== undefined) {
      const found = bucket.get(storeKey(namespace, name));
      if (!found) {
        throw status(
          404,
          'NotFound',
          `${type.plural}${
            type.group ? `.${type.group}` : ''
          } "${name}" not found`,
          statusDetails(type, name),
        );
      }
      return json(heartbeat(found));
    }

    const watch = url.searchParams.get('watch');
    if (watch === 'true' || watch === '1') {
      throw status(
        400,
        'BadRequest',
        'the stand-in does not serve watch requests',
      );
    }
    let requirements;
    try {
      requirements = parseLabelSelector(
        url.searchParams.get('labelSelector') ?? '',
      );
    } catch (error) {
      if (error instanceof LabelSelectorError) {
        throw status(400, 'BadRequest', error.message);
      }
      throw error;
    }
    const items = [...bucket.values()]
      .filter(
        o => namespace === undefined || o.metadata.namespace === namespace,
      )
      .filter(o => matchesLabelSelector(requirements, o.metadata.labels))
      .sort((a, b) =>
        storeKey(a.metadata.namespace, a.metadata.name).localeCompare(
          storeKey(b.metadata.namespace, b.metadata.name),
        ),
      )
      .map(heartbeat)
      .map(o => {
        if (!isBuiltIn(type)) return o;
        const { apiVersion: _a, kind: _k, ...item } = o;
        return item;
      });
    return json({
      kind: `${type.kind}List`,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: String(state.revision) },
      items,
    });
  };

  const answer = (
    state: ClusterState,
    req: IncomingMessage,
    path: string,
    url: URL,
  ): Answer => {
    try {
      const check = /^\/(readyz|livez|healthz)$/.exec(path);
      if (check && req.method === 'GET') return health(state, check[1], url);
      return read(state, req, path, url);
    } catch (error) {
      if (!(error instanceof HttpStatus)) throw error;
      return {
        code: error.body.code,
        contentType: 'application/json',
        body: JSON.stringify(error.body),
      };
    }
  };

  const headersOf = (result: Answer, length: number) => ({
    'Content-Type': result.contentType,
    'Content-Length': String(length),
    'Cache-Control': 'no-cache, private',
    'Audit-Id': randomUUID(),
    ...result.headers,
  });

  const send = (res: ServerResponse, result: Answer) => {
    const body = Buffer.from(result.body);
    res.writeHead(result.code, headersOf(result, body.length));
    res.end(body);
  };

  /** 200 with the first half of the real body: complete (`cut`), or announced whole and the connection closed (`closed`). */
  const sendTruncated = (
    req: IncomingMessage,
    res: ServerResponse,
    real: Answer,
    variant: 'cut' | 'closed',
  ) => {
    const body = Buffer.from(real.body);
    const half = body.subarray(0, Math.floor(body.length / 2));
    if (variant === 'cut') {
      send(res, { ...real, code: 200, body: half });
      return;
    }
    res.writeHead(200, headersOf(real, body.length));
    res.write(half, () => req.socket.destroy());
  };

  // Requests hanging on a fault wait for the next change of any fault, then look again.
  const faultWaiters = new Set<() => void>();
  const faultsChanged = () => {
    for (const wake of [...faultWaiters]) wake();
  };
  /** Resolves true when faults change, false when the client has gone. */
  const untilFaultsChange = (res: ServerResponse) =>
    new Promise<boolean>(resolve => {
      if (res.destroyed) {
        resolve(false);
        return;
      }
      let settle = (_changed: boolean) => {};
      const wake = () => settle(true);
      const gone = () => settle(false);
      settle = changed => {
        faultWaiters.delete(wake);
        res.off('close', gone);
        resolve(changed);
      };
      faultWaiters.add(wake);
      res.once('close', gone);
    });

  const answerWithFault = (
    fault: AnswerFault,
    state: ClusterState,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    url: URL,
  ) => {
    switch (fault.fault) {
      case 'reset':
        resetConnection(req.socket);
        return;
      case 'status': {
        const { body, headers } = injectedStatus(fault.status);
        send(res, {
          code: fault.status,
          contentType: 'application/json',
          body: JSON.stringify(body),
          headers,
        });
        return;
      }
      case 'garbage':
        send(res, {
          code: 200,
          contentType: 'application/json',
          body: garbageBody(fault.variant, () => answer(state, req, path, url)),
        });
        return;
      case 'truncated':
        sendTruncated(req, res, answer(state, req, path, url), fault.variant);
        return;
      default:
        throw new Error(`a fault reached no answer: ${JSON.stringify(fault)}`);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const prefix = /^\/clusters\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const state = prefix
      ? clusters.get(decodeURIComponent(prefix[1]))
      : undefined;
    if (!prefix || !state) {
      const error = notFoundResource();
      send(res, {
        code: 404,
        contentType: 'application/json',
        body: JSON.stringify(error.body),
      });
      return;
    }
    const path = prefix[2] ?? '/';
    const countKey = `${req.method} ${path}`;
    state.counts.total++;
    state.counts.byPath[countKey] = (state.counts.byPath[countKey] ?? 0) + 1;

    const source = faultSourceOf(path);
    const delayMs = state.faults.delayFor(source);
    if (delayMs > 0) await sleep(delayMs);
    let fault = state.faults.answerFor(source);
    while (fault?.fault === 'hang') {
      if (!(await untilFaultsChange(res))) return;
      fault = state.faults.answerFor(source);
    }
    if (fault) {
      answerWithFault(fault, state, req, res, path, url);
      return;
    }
    send(res, answer(state, req, path, url));
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(error => {
      if (!res.headersSent) {
        const body = status(500, 'InternalError', String(error)).body;
        send(res, {
          code: 500,
          contentType: 'application/json',
          body: JSON.stringify(body),
        });
      } else {
        res.destroy();
      }
    });
  };
  const server = options.tls
    ? https.createServer(options.tls, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  return {
    url,
    clusterUrl(name) {
      cluster(name);
      return `${url}/clusters/${encodeURIComponent(name)}`;
    },
    setObjects(name, objects) {
      const state = cluster(name);
      state.store.clear();
      state.revision++;
      for (const object of objects) put(state, object);
    },
    upsert(name, object) {
      return put(cluster(name), object);
    },
    remove(name, apiVersion, kind, namespace, objectName) {
      const state = cluster(name);
      const type = findByKind(apiVersion, kind, types);
      if (!type) return false;
      const bucket = state.store.get(resourceKey(type));
      const key = storeKey(
        type.namespaced ? namespace ?? 'default' : undefined,
        objectName,
      );
      if (!bucket?.delete(key)) return false;
      state.revision++;
      return true;
    },
    setControlPlaneHealthy(name, healthy) {
      cluster(name).healthy = healthy;
    },
    setCondition(name, ref, condition) {
      const state = cluster(name);
      const type = findByKind(ref.apiVersion, ref.kind, types);
      const stored = type
        ? state.store
            .get(resourceKey(type))
            ?.get(
              storeKey(
                type.namespaced ? ref.namespace ?? 'default' : undefined,
                ref.name,
              ),
            )
        : undefined;
      if (!type || !stored) {
        throw new Error(
          `cluster ${name} holds no ${ref.apiVersion} ${ref.kind} ${
            ref.namespace ? `${ref.namespace}/` : ''
          }${ref.name}`,
        );
      }
      return put(state, withCondition(stored, condition));
    },
    setFault(name, fault) {
      const state = cluster(name);
      state.faults.set(parseFault(fault));
      faultsChanged();
    },
    clearFaults(name, source) {
      const cleared = cluster(name).faults.clear(source);
      faultsChanged();
      return cleared;
    },
    faults(name) {
      return cluster(name).faults.list();
    },
    setClusterFault(name, fault) {
      const state = cluster(name);
      state.faults.clear('all');
      for (const f of clusterFaultAsFaults(fault)) state.faults.set(f);
      faultsChanged();
    },
    clearClusterFault(name) {
      cluster(name).faults.clear();
      faultsChanged();
    },
    requestCounts(name) {
      return clone(cluster(name).counts);
    },
    resetCounts(name) {
      const targets = name ? [cluster(name)] : [...clusters.values()];
      for (const state of targets) state.counts = { total: 0, byPath: {} };
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
