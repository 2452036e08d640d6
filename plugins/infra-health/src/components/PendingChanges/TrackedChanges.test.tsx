import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import { mockInfraHealthApi } from '../../__testUtils__/fixtures';
import { PendingChangesPage } from './PendingChangesPage';

async function historyRows() {
  await screen.findByRole('heading', { name: 'Rollouts and history' });
  const grids = await screen.findAllByRole('grid');
  return within(grids[grids.length - 1])
    .getAllByRole('row')
    .slice(1);
}

describe('the changes page: rollouts and history', () => {
  it('lists every change the portal opened with its state, reason, owner and requester', async () => {
    const api = mockInfraHealthApi();
    await renderInTestApp(<PendingChangesPage />, {
      apis: [[infraHealthApiRef, api]],
    });
    const [failed, healthy, merged] = await historyRows();
    expect(
      within(failed).getByRole('link', {
        name: '#38 Nested cluster shop-prod (prod): workers 3 → 4',
      }),
    ).toHaveAttribute(
      'href',
      'https://github.com/proficientnow/platform-gitops/pull/38',
    );
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(
      within(failed).getByText(
        'platform/shop-prod is Degraded after syncing 9f8e7d6',
      ),
    ).toBeInTheDocument();
    expect(within(failed).getByText('platform-engineers')).toBeInTheDocument();
    expect(within(failed).getByText('priya.platform')).toBeInTheDocument();
    expect(within(healthy).getByText('Rolled out')).toBeInTheDocument();
    expect(within(merged).getByText('Merged, rolling out')).toBeInTheDocument();
    // what could not be told is shown where a person looks
    expect(
      within(merged).getByText(
        'nobody was notified: the owner of resource:default/redis does not resolve in the catalog',
      ),
    ).toBeInTheDocument();
    expect(api.getTrackedChanges).toHaveBeenCalledWith({ limit: 200 });
  });

  it('filters by state and owner', async () => {
    await renderInTestApp(<PendingChangesPage />, {
      apis: [[infraHealthApiRef, mockInfraHealthApi()]],
    });
    await historyRows();
    await userEvent.click(screen.getByRole('button', { name: /State/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Failed' }),
    );
    const rows = await historyRows();
    expect(rows).toHaveLength(1);
    expect(within(rows[0]).getByText('Failed')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /State/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'All states' }),
    );
    await userEvent.click(screen.getByRole('button', { name: /Owner/ }));
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'group:default/app-developers',
      }),
    );
    expect(await historyRows()).toHaveLength(2);
  });

  it('shows the one change a notification links to (?change=), with a way back to all', async () => {
    await renderInTestApp(<PendingChangesPage />, {
      apis: [[infraHealthApiRef, mockInfraHealthApi()]],
      initialRouteEntries: ['/?change=37'],
    });
    const rows = await historyRows();
    expect(rows).toHaveLength(1);
    expect(within(rows[0]).getByText('Rolled out')).toBeInTheDocument();
    expect(screen.getByText(/Showing change #37/)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('link', { name: 'Show every change' }),
    );
    expect(await historyRows()).toHaveLength(3);
  });
});
