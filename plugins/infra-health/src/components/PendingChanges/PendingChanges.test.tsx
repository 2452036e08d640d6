import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import type { InfraHealthApi } from '../../api/InfraHealthApi';
import type { PendingChange } from '../../api/types';
import {
  mockInfraHealthApi,
  pendingChange,
  pendingChanges,
} from '../../__testUtils__/fixtures';
import { PendingChangesCard } from '../cards/PendingChangesCard';
import { PendingChangesPage } from './PendingChangesPage';

const notConfigured = {
  configured: false,
  reason:
    'Pending changes are read from the GitOps repository on GitHub, and none is configured. Set gitops.repository.url.',
  changes: [],
};

function renderPage(api: InfraHealthApi = mockInfraHealthApi()) {
  renderInTestApp(<PendingChangesPage />, {
    apis: [[infraHealthApiRef, api]],
  });
  return api;
}

/** The rows of the first table: the changes waiting for approval (the history follows it). */
async function changeRows() {
  const [table] = await screen.findAllByRole('grid');
  return within(table).getAllByRole('row').slice(1);
}

/** An API whose pending changes are these. */
function answering(changes: PendingChange[]) {
  return mockInfraHealthApi({
    getPendingChanges: jest.fn(async () => ({ ...pendingChanges, changes })),
  });
}

describe('PendingChangesPage', () => {
  it('lists each change with environment, requester, reviews, checks, mergeability, age and link', async () => {
    renderPage();
    const [dev, prod] = await changeRows();

    const devLink = within(dev).getByRole('link', {
      name: '#41 New nested cluster dev-b',
    });
    expect(devLink).toHaveAttribute(
      'href',
      'https://github.com/proficientnow/platform-gitops/pull/41',
    );
    expect(within(dev).getByText('dev')).toBeInTheDocument();
    expect(within(dev).getByText('alice')).toBeInTheDocument();
    expect(within(dev).getByText('1 approved')).toBeInTheDocument();
    expect(within(dev).getByText('Passing')).toBeInTheDocument();
    expect(within(dev).getByText('Ready to merge')).toBeInTheDocument();
    expect(within(dev).getByText('3 h ago')).toBeInTheDocument();

    expect(within(prod).getByText('prod')).toBeInTheDocument();
    // an identity edited on GitHub is shown, but not trusted
    expect(within(prod).getByText('bob (unverified)')).toBeInTheDocument();
    expect(
      within(prod).getByText(/the signature does not match/),
    ).toBeInTheDocument();
    expect(
      within(prod).getByText(
        '0 approved; 1 requested changes; waiting for platform-engineers',
      ),
    ).toBeInTheDocument();
    expect(within(prod).getByText('Failing')).toBeInTheDocument();
    expect(within(prod).getByText('failing: kubeconform')).toBeInTheDocument();
    expect(within(prod).getByText('Conflicts')).toBeInTheDocument();

    expect(
      screen.getByRole('link', { name: 'proficientnow/platform-gitops' }),
    ).toHaveAttribute(
      'href',
      'https://github.com/proficientnow/platform-gitops',
    );
  });

  it('filters by environment', async () => {
    renderPage();
    await changeRows();
    await userEvent.click(screen.getByRole('button', { name: /Environment/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'prod' }));
    const rows = await changeRows();
    expect(rows).toHaveLength(1);
    expect(
      within(rows[0]).getByText(/Component kafka in prod/),
    ).toBeInTheDocument();
  });

  it('shows a designed not-configured state with the backend’s reason', async () => {
    renderPage(
      mockInfraHealthApi({
        getPendingChanges: jest.fn(async () => notConfigured),
        getTrackedChanges: jest.fn(async () => ({ changes: [] })),
      }),
    );
    expect(
      await screen.findByText('Pending changes are not configured'),
    ).toBeInTheDocument();
    expect(screen.getByText(notConfigured.reason)).toBeInTheDocument();
    expect(
      screen.getByText(/Set gitops\.repository\.url in app-config/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('grid')).not.toBeInTheDocument();
  });

  it('says when nothing waits for approval', async () => {
    renderPage(answering([]));
    expect(
      await screen.findByText('No infrastructure change waits for approval.'),
    ).toBeInTheDocument();
  });

  it('names a draft and a mergeability GitHub has not computed yet', async () => {
    renderPage(
      answering([
        pendingChange({
          number: 7,
          title: 'Bootstrap',
          kind: 'bootstrap',
          mergeable: null,
        }),
        pendingChange({
          number: 8,
          title: 'WIP',
          draft: true,
          checks: { state: 'pending', total: 2, failing: [] },
        }),
      ]),
    );
    const [bootstrap, wip] = await changeRows();
    expect(within(bootstrap).getByText('Not computed yet')).toBeInTheDocument();
    expect(within(wip).getByText('Draft')).toBeInTheDocument();
    expect(within(wip).getByText('Running')).toBeInTheDocument();
  });
});

describe('PendingChangesCard', () => {
  const devB: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'dev-b' },
    spec: { type: 'kubernetes-cluster' },
  };

  function renderCard(api: InfraHealthApi) {
    renderInTestApp(
      <EntityProvider entity={devB}>
        <PendingChangesCard />
      </EntityProvider>,
      { apis: [[infraHealthApiRef, api]] },
    );
    return api;
  }

  it('asks for the changes whose target is the entity and lists them', async () => {
    const api = renderCard(answering(pendingChanges.changes.slice(0, 1)));
    const list = await screen.findByRole('list', { name: 'Pending changes' });
    expect(api.getPendingChanges).toHaveBeenCalledWith({ target: 'dev-b' });
    expect(
      within(list).getByRole('link', { name: '#41 New nested cluster dev-b' }),
    ).toBeInTheDocument();
    expect(within(list).getByText('Checks: Passing')).toBeInTheDocument();
    expect(within(list).getByText('Ready to merge')).toBeInTheDocument();
    expect(
      within(list).getByText(/requested by alice · 1 approved/),
    ).toBeInTheDocument();
  });

  it('lists the recent rollouts of the entity, with their state and why', async () => {
    const api = renderCard(answering([]));
    const list = await screen.findByRole('list', { name: 'Recent rollouts' });
    expect(api.getTrackedChanges).toHaveBeenCalledWith({
      target: 'dev-b',
      limit: 20,
    });
    // the fixture's three changes: none is open, the card shows three
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(within(items[0]).getByText('Failed')).toBeInTheDocument();
    expect(
      within(items[0]).getByText(
        'platform/shop-prod is Degraded after syncing 9f8e7d6',
      ),
    ).toBeInTheDocument();
    expect(within(items[1]).getByText('Rolled out')).toBeInTheDocument();
  });

  it('says nothing waits for this entity', async () => {
    renderCard(answering([]));
    expect(
      await screen.findByText('No pull request for dev-b waits for approval.'),
    ).toBeInTheDocument();
  });

  it('shows the not-configured state with the reason', async () => {
    renderCard(
      mockInfraHealthApi({
        getPendingChanges: jest.fn(async () => notConfigured),
        getTrackedChanges: jest.fn(async () => ({ changes: [] })),
      }),
    );
    expect(
      await screen.findByText('Pending changes are not configured'),
    ).toBeInTheDocument();
    expect(screen.getByText(notConfigured.reason)).toBeInTheDocument();
  });
});
