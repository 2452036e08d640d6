import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import {
  devAState,
  mockInfraHealthApi,
  postgresState,
} from '../../__testUtils__/fixtures';
import { createTemplateRouteRef } from '../../routes';
import { ClusterChangesCard } from './ClusterChangesCard';
import { ComponentChangesCard } from './ComponentChangesCard';

const devA: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'dev-a', tags: ['kubernetes', 'kubevirt', 'dev'] },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/app-developers' },
};

function render(
  api = mockInfraHealthApi(),
  bound = true,
  card = <ClusterChangesCard />,
  entity = devA,
) {
  renderInTestApp(<EntityProvider entity={entity}>{card}</EntityProvider>, {
    apis: [[infraHealthApiRef, api]],
    mountedRoutes: bound
      ? {
          '/create/templates/:namespace/:templateName': createTemplateRouteRef,
        }
      : {},
  });
  return api;
}

/** The form data a change button opens its template with. */
function formDataOf(label: string) {
  const href = screen.getByRole('link', { name: label }).getAttribute('href')!;
  const url = new URL(href, 'http://portal.local');
  return {
    path: url.pathname,
    formData: JSON.parse(url.searchParams.get('formData')!),
  };
}

describe('ClusterChangesCard', () => {
  it('shows the cluster as the repository records it, and opens each change with the form filled in from it', async () => {
    const api = render();
    expect(
      await screen.findByText(/1 × medium \(4 vCPU, 8 GiB, 60 GiB disk\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/2 × small \(2 vCPU, 4 GiB, 40 GiB disk\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('clusters/dev/dev-a @ 0123456789ab'),
    ).toBeInTheDocument();
    expect(api.getClusterState).toHaveBeenCalledWith('dev-a');
    expect(formDataOf('Scale workers')).toEqual({
      path: '/create/templates/default/nested-cluster-scale',
      formData: {
        name: 'dev-a',
        workerCount: 2,
        baseRevision: devAState.revision,
      },
    });
    expect(formDataOf('Resize nodes').formData).toEqual({
      name: 'dev-a',
      role: 'worker',
      size: 'small',
      baseRevision: devAState.revision,
    });
    expect(formDataOf('Retire cluster').path).toBe(
      '/create/templates/default/nested-cluster-retire',
    );
  });

  it('says so when the repository does not record the cluster', async () => {
    render(
      mockInfraHealthApi({
        getClusterState: jest.fn(async () => {
          throw await ResponseError.fromResponse(
            new Response(
              JSON.stringify({
                error: { name: 'NotFoundError', message: 'no nested cluster' },
              }),
              { status: 404, headers: { 'content-type': 'application/json' } },
            ),
          );
        }),
      }),
    );
    expect(
      await screen.findByText(/dev-a is not recorded in the GitOps repository/),
    ).toBeInTheDocument();
  });

  it('offers no link when the scaffolder is not installed', async () => {
    render(mockInfraHealthApi(), false);
    expect(
      await screen.findByText(/The scaffolder is not installed in this portal/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Scale workers' })).toBeNull();
  });
});

describe('ComponentChangesCard', () => {
  const postgres: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'postgres',
      annotations: { 'argocd/app-name': 'postgres' },
    },
    spec: { type: 'argocd-application', owner: 'group:default/app-developers' },
  };

  it('shows the chart and sync wave the repository declares, and opens the change with them filled in', async () => {
    const api = render(
      mockInfraHealthApi(),
      true,
      <ComponentChangesCard />,
      postgres,
    );
    expect(
      await screen.findByText(
        'cloudnative-pg 0.23.0 from https://cloudnative-pg.github.io/charts',
      ),
    ).toBeInTheDocument();
    expect(api.getComponentState).toHaveBeenCalledWith('postgres');
    expect(formDataOf('Change chart version or values')).toEqual({
      path: '/create/templates/default/platform-component-change',
      formData: {
        name: 'postgres',
        chartVersion: '0.23.0',
        syncWave: 30,
        baseRevision: postgresState.revision,
      },
    });
    expect(formDataOf('Remove component').path).toBe(
      '/create/templates/default/platform-component-remove',
    );
  });
});
