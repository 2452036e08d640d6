import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  StalenessPolicy,
  SUBSYSTEMS,
} from '@proficientnow/backstage-plugin-infra-health-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { HealthStore } from '../database/HealthStore';
import { authorizeHealthRead } from './authorizeRead';
import { clusterView, fleetView } from './fleetView';
import { downsampleHistory } from './downsampleHistory';

const clusterParam = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a cluster name')
  .max(253);
const subsystemParam = z.enum(SUBSYSTEMS);
const historyQuery = z.object({
  hours: z.coerce.number().int().min(1).max(168).default(24),
  /** One series (`*` is the cluster rollup); all of them when left out. */
  subsystem: z.enum(['*', ...SUBSYSTEMS]).optional(),
  /** At most this many points per series: older points are merged into buckets, the worst status kept. */
  points: z.coerce.number().int().min(10).max(2000).default(288),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `invalid ${what}: ${result.error.issues
        .map(i => `${i.path.join('.') || what} ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

/**
 * The health REST API: fleet summary, one cluster, one subsystem, history.
 * Every route needs infra.health.read for the caller; answers come from the
 * store only, never from a cluster, so they are fast and the same on every
 * replica. No credential ever appears in an answer (checks carry none).
 */
export function createRouter(options: {
  store: HealthStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  staleness: StalenessPolicy;
  now?: () => Date;
}): express.Router {
  const { store, httpAuth, permissions } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  router.use(express.json());

  const authorize = (req: Request) =>
    authorizeHealthRead(req, { httpAuth, permissions }, 'platform health');

  router.get('/fleet', async (req, res) => {
    await authorize(req);
    res.json(fleetView(await store.snapshots(), now(), options.staleness));
  });

  router.get('/clusters/:cluster', async (req, res) => {
    await authorize(req);
    const cluster = parse(clusterParam, req.params.cluster, 'cluster');
    const snapshot = await store.snapshot(cluster);
    if (!snapshot)
      throw new NotFoundError(`no health collected for cluster ${cluster}`);
    res.json({
      ...clusterView(snapshot, now(), options.staleness),
      collectedAt: snapshot.collectedAt,
    });
  });

  router.get('/clusters/:cluster/subsystems/:subsystem', async (req, res) => {
    await authorize(req);
    const cluster = parse(clusterParam, req.params.cluster, 'cluster');
    const subsystem = parse(subsystemParam, req.params.subsystem, 'subsystem');
    const snapshot = await store.snapshot(cluster);
    if (!snapshot)
      throw new NotFoundError(`no health collected for cluster ${cluster}`);
    const view = clusterView(
      snapshot,
      now(),
      options.staleness,
    ).subsystems.find(s => s.subsystem === subsystem);
    if (!view)
      throw new NotFoundError(`no ${subsystem} checks for cluster ${cluster}`);
    res.json(view);
  });

  // what Argo CD holds in a cluster (the catalog compares it with Git): names,
  // tracking, owners, sync and health, from the last readable collection
  router.get('/clusters/:cluster/argocd/applications', async (req, res) => {
    await authorize(req);
    const cluster = parse(clusterParam, req.params.cluster, 'cluster');
    const stored = await store.applications(cluster);
    if (!stored) {
      throw new NotFoundError(
        `no Argo CD Applications read from cluster ${cluster} (Argo CD not installed there, or not read yet)`,
      );
    }
    res.json(stored);
  });

  router.get('/clusters/:cluster/history', async (req, res) => {
    await authorize(req);
    const cluster = parse(clusterParam, req.params.cluster, 'cluster');
    const { hours, subsystem, points } = parse(
      historyQuery,
      req.query,
      'query',
    );
    const until = now();
    const since = new Date(until.getTime() - hours * 3_600_000);
    res.json({
      cluster,
      since: since.toISOString(),
      points: downsampleHistory(
        await store.history(cluster, since, subsystem),
        since,
        until,
        points,
      ),
    });
  });

  return router;
}
