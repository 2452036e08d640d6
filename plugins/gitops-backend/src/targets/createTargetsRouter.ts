import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ClusterRecordError,
  findComponentApplication,
  readClusterRecord,
  RequestValidationError,
  SYNC_WAVE_ANNOTATION,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  ClusterState,
  ComponentState,
} from '@proficientnow/backstage-plugin-gitops-common';
import { GitOpsRepositoryService } from '@proficientnow/backstage-plugin-gitops-node';
import express from 'express';
import Router from 'express-promise-router';
import { authorizeChangesRead } from '../service/authorizeChangesRead';

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * `GET /clusters/:name`: a nested cluster as the GitOps repository's base
 * branch records it (read from the shared snapshot), for the entity page's
 * change card and the forms it pre-fills. 404 when the repository has no
 * such cluster, 422 when its record breaks a rule (naming the file and
 * field), 400 for a bad name. Needs gitops.change.read.
 */
export function createTargetsRouter(options: {
  gitops: GitOpsRepositoryService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { gitops, httpAuth, permissions } = options;
  const router = Router();

  router.get('/clusters/:name', async (req, res) => {
    await authorizeChangesRead(req, { httpAuth, permissions });
    const { name } = req.params;
    if (name.length > 40 || !CLUSTER_NAME.test(name))
      throw new InputError(
        'name must be a cluster name (a DNS-1123 label of at most 40 characters)',
      );
    const snapshot = await gitops.reader().snapshot();
    let recorded;
    try {
      recorded = readClusterRecord(
        p => snapshot.text(p),
        gitops.config.layout,
        name,
        gitops.config.platform,
      );
    } catch (error) {
      if (!(error instanceof ClusterRecordError)) throw error;
      const [issue] = error.issues;
      if (issue.field === 'name') throw new NotFoundError(issue.rule);
      res.status(422).json({
        error: { name: 'ClusterRecordError', message: error.message },
      });
      return;
    }
    const { record, cluster, folder } = recorded;
    const role = (r: string) => record.nodes.filter(n => n.role === r);
    const answer: ClusterState = {
      name: record.name,
      environment: record.environment,
      owner: record.owner,
      revision: snapshot.revision,
      folder,
      channel: record.channel,
      ...(record.apiAddress ? { apiAddress: record.apiAddress } : {}),
      controlPlane: {
        count: role('control-plane').length,
        sizeName: record.controlPlane.sizeName,
        ...record.controlPlane.size,
      },
      workers: {
        count: role('worker').length,
        sizeName: record.workers.sizeName,
        ...record.workers.size,
      },
      nodes: record.nodes.map(n => ({
        name: n.name,
        role: n.role,
        channel: n.channel,
        ...n.size,
        address: n.addresses[cluster.nodeVlan.name],
      })),
    };
    res.json(answer);
  });

  router.get('/components/:name', async (req, res) => {
    await authorizeChangesRead(req, { httpAuth, permissions });
    const { name } = req.params;
    if (name.length > 63 || !CLUSTER_NAME.test(name))
      throw new InputError(
        'name must be an Application name (a DNS-1123 label of at most 63 characters)',
      );
    const snapshot = await gitops.reader().snapshot();
    let found;
    try {
      found = findComponentApplication(
        snapshot.paths(),
        p => snapshot.text(p),
        gitops.config.layout,
        name,
      );
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error;
      const [issue] = error.issues;
      if (issue.rule.startsWith('no Argo CD Application'))
        throw new NotFoundError(issue.rule);
      res.status(422).json({
        error: { name: 'ComponentError', message: error.message },
      });
      return;
    }
    const app = found.application;
    const chart =
      app.spec?.source?.chart !== undefined
        ? app.spec.source
        : (app.spec?.sources ?? []).find((s: any) => s?.chart);
    const answer: ComponentState = {
      name: found.name,
      domain: found.domain,
      ...(found.owner ? { owner: String(found.owner) } : {}),
      path: found.path,
      revision: snapshot.revision,
      syncWave:
        Number(app.metadata?.annotations?.[SYNC_WAVE_ANNOTATION] ?? 0) || 0,
      ...(chart
        ? {
            chart: {
              name: String(chart.chart),
              repoURL: String(chart.repoURL ?? ''),
              version: String(chart.targetRevision ?? ''),
            },
          }
        : {}),
    };
    res.json(answer);
  });

  return router;
}
