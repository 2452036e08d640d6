import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import {
  devA,
  fleetOf,
  mockInfraHealthApi,
  check,
  cluster,
  platform,
  platformWithCertificates,
  prodA,
  qa1,
} from '../../__testUtils__/fixtures';
import { FleetPage } from './FleetPage';

function renderFleet(api = mockInfraHealthApi()) {
  renderInTestApp(<FleetPage />, { apis: [[infraHealthApiRef, api]] });
  return api;
}

/** Data rows of the fleet table, by the cluster name in their first cell. */
async function clusterRows() {
  const table = await screen.findByRole('grid');
  const rows = within(table).getAllByRole('row').slice(1);
  return rows.map(row => ({
    name: within(row).getAllByRole('rowheader')[0].textContent ?? '',
    row,
  }));
}

describe('FleetPage', () => {
  it('lists every cluster worst first with its status in words, not colour alone', async () => {
    renderFleet();
    const rows = await clusterRows();
    expect(rows.map(r => r.name.replace('Stale', ''))).toEqual([
      'platform',
      'qa-1',
      'prod-a',
      'dev-a',
    ]);
    const [platformRow, qaRow, prodRow, devRow] = rows.map(r => r.row);
    expect(within(platformRow).getAllByText('Critical').length).toBeGreaterThan(
      0,
    );
    expect(within(qaRow).getAllByText('Warning').length).toBeGreaterThan(0);
    expect(within(prodRow).getAllByText('Unknown').length).toBeGreaterThan(0);
    expect(within(devRow).queryByText('Critical')).not.toBeInTheDocument();
    expect(within(devRow).getAllByText('OK').length).toBeGreaterThan(0);
    // the rollup's reason names what is wrong
    expect(
      within(platformRow).getByText(
        /Argo CD: 42 Applications; degraded: postgres/,
      ),
    ).toBeInTheDocument();
    // each subsystem has its own column; a cluster without it says so
    expect(
      screen.getByRole('columnheader', { name: 'Ceph' }),
    ).toBeInTheDocument();
    expect(within(devRow).getAllByText('Not reported').length).toBeGreaterThan(
      0,
    );
  });

  it('shows a cluster whose API server does not answer as unreachable with its last-seen time', async () => {
    const lastSeenAt = new Date(Date.now() - 7 * 60_000).toISOString();
    const dead = {
      ...prodA,
      reachable: false,
      lastSeenAt,
      reason: `unreachable (connection refused); last seen ${lastSeenAt}`,
    };
    renderFleet(
      mockInfraHealthApi({
        getFleet: jest.fn(async () => fleetOf([platform, dead, devA])),
      }),
    );
    const rows = await clusterRows();
    const row = rows.find(r => r.name.startsWith('prod-a'))!.row;
    expect(within(row).getByText(/^Unreachable,/)).toBeInTheDocument();
    const seen = within(row).getByText('last seen 7 min ago');
    expect(seen.closest('time')).toHaveAttribute('dateTime', lastSeenAt);
    const devRow = rows.find(r => r.name.startsWith('dev-a'))!.row;
    expect(within(devRow).queryByText(/^Unreachable,/)).not.toBeInTheDocument();
  });

  it('says where the data comes from when the portal runs against local stand-ins', async () => {
    renderInTestApp(<FleetPage />, {
      apis: [[infraHealthApiRef, mockInfraHealthApi()]],
      config: {
        portal: {
          localStack: {
            enabled: true,
            cephNote:
              "Ceph data comes from the Kubernetes stand-in's Rook status.",
          },
        },
      },
    });
    expect(
      await screen.findByText(
        /^Local stand-ins: .*Ceph data comes from the Kubernetes stand-in's Rook status\.$/,
      ),
    ).toBeInTheDocument();
  });

  it('keeps the worst first even when the answer comes in another order', async () => {
    const fleet = fleetOf([platform, devA, prodA, qa1]);
    renderFleet(
      mockInfraHealthApi({
        getFleet: jest.fn(async () => ({
          ...fleet,
          clusters: [...fleet.clusters].reverse(),
        })),
      }),
    );
    expect((await clusterRows()).map(r => r.name.replace('Stale', ''))).toEqual(
      ['platform', 'qa-1', 'prod-a', 'dev-a'],
    );
  });

  it('marks a cluster whose collector stopped as stale, and only that one', async () => {
    renderFleet();
    const rows = await clusterRows();
    const byName = Object.fromEntries(
      rows.map(r => [r.name.replace('Stale', ''), r.row]),
    );
    expect(
      within(byName['prod-a']).getAllByText('Stale').length,
    ).toBeGreaterThan(0);
    expect(
      within(byName['dev-a']).queryByText('Stale'),
    ).not.toBeInTheDocument();
    expect(
      within(byName.platform).queryByText('Stale'),
    ).not.toBeInTheDocument();
  });

  it('shows the last observed time relative, with the absolute time on hover', async () => {
    renderFleet();
    const rows = await clusterRows();
    const prodRow = rows.find(r => r.name.startsWith('prod-a'))!.row;
    const time = within(prodRow).getByText('20 min ago');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', prodA.observedAt);
    expect(time.getAttribute('title')).toBeTruthy();
  });

  it('filters by status, with the count of each status on its button', async () => {
    renderFleet();
    await clusterRows();
    await userEvent.click(screen.getByRole('radio', { name: 'Critical (1)' }));
    expect((await clusterRows()).map(r => r.name)).toEqual(['platform']);
    expect(screen.getByRole('radio', { name: 'Critical (1)' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'OK (1)' }));
    expect((await clusterRows()).map(r => r.name)).toEqual(['dev-a']);
    await userEvent.click(screen.getByRole('radio', { name: 'All (4)' }));
    expect(await clusterRows()).toHaveLength(4);
  });

  it('filters by environment and counts statuses within it', async () => {
    renderFleet();
    await clusterRows();
    await userEvent.click(screen.getByRole('button', { name: /Environment/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'dev' }));
    expect((await clusterRows()).map(r => r.name)).toEqual(['dev-a']);
    expect(screen.getByRole('radio', { name: 'All (1)' })).toBeInTheDocument();
    expect(
      screen.getByRole('radio', { name: 'Critical (0)' }),
    ).toBeInTheDocument();
  });

  it('says so when no cluster matches, and clears the filters on request', async () => {
    renderFleet(
      mockInfraHealthApi({
        getFleet: jest.fn(async () => fleetOf([devA, qa1])),
      }),
    );
    await clusterRows();
    await userEvent.click(screen.getByRole('radio', { name: 'Critical (0)' }));
    expect(
      await screen.findByText('No cluster matches these filters.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(await clusterRows()).toHaveLength(2);
  });

  it('shows a cluster’s checks with their reasons when the cluster is clicked', async () => {
    renderFleet();
    const rows = await clusterRows();
    await userEvent.click(within(rows[0].row).getAllByRole('rowheader')[0]);
    const details = await screen.findByRole('heading', {
      name: 'Checks of platform (platform)',
    });
    expect(details).toHaveFocus();
    const cephChecks = screen.getByRole('list', {
      name: 'Ceph checks of platform',
    });
    expect(
      within(cephChecks).getByText('OSD_DOWN: 1 osds down'),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('list', { name: 'Argo CD checks of platform' }),
      ).getByText(
        '42 Applications; degraded: postgres; out of sync: kafka, minio',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(
      screen.queryByRole('heading', { name: /Checks of platform/ }),
    ).not.toBeInTheDocument();
  });

  it('gives custom resources a column and names the objects not ready in the cluster’s checks; a cluster without the kind installed says so', async () => {
    const devWithoutKinds = cluster(
      'dev-a',
      [
        ...devA.subsystems.flatMap(s => s.checks),
        check(
          'customResources.certificates.cert-manager.io',
          'unknown',
          'Certificates: not available in this cluster (HTTP 404: the API or CRD is not installed)',
          { notInstalled: true, httpStatus: 404, title: 'Certificates' },
        ),
      ],
      { environment: 'dev' },
    );
    renderFleet(
      mockInfraHealthApi({
        getFleet: jest.fn(async () =>
          fleetOf([platformWithCertificates, devWithoutKinds]),
        ),
      }),
    );
    const rows = await clusterRows();
    expect(
      screen.getByRole('columnheader', { name: 'Custom resources' }),
    ).toBeInTheDocument();
    const devRow = rows.find(r => r.name.startsWith('dev-a'))!.row;
    // not installed is not a finding: the dev cluster stays OK
    expect(within(devRow).getByText('Not installed')).toBeInTheDocument();
    expect(within(devRow).queryByText('Unknown')).not.toBeInTheDocument();

    await userEvent.click(
      within(rows.find(r => r.name.startsWith('platform'))!.row).getAllByRole(
        'rowheader',
      )[0],
    );
    const checks = await screen.findByRole('list', {
      name: 'Custom resources checks of platform',
    });
    expect(
      within(checks).getByText(
        'Certificate platform-portal/portal-tls: Ready False (DoesNotExist: Issuing certificate as Secret does not exist)',
      ),
    ).toBeInTheDocument();
    expect(
      within(checks).getByText(
        /^PostgreSQL clusters: not available in this cluster/,
      ),
    ).toBeInTheDocument();
  });

  it('explains how to add clusters when none is configured', async () => {
    renderFleet(
      mockInfraHealthApi({ getFleet: jest.fn(async () => fleetOf([])) }),
    );
    expect(
      await screen.findByText('No clusters configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Add infraHealth\.clusters to app-config/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('grid')).not.toBeInTheDocument();
  });

  it('shows the backend error and loads again on request', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'infra.health.read is required to read platform health',
          },
          request: { method: 'GET', url: '/fleet' },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    const getFleet = jest
      .fn()
      .mockRejectedValueOnce(error)
      .mockResolvedValue(fleetOf([platform]));
    renderFleet(mockInfraHealthApi({ getFleet }));
    expect(
      await screen.findByText(/Platform health could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/infra.health.read is required/).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await clusterRows()).map(r => r.name)).toEqual(['platform']);
    expect(getFleet).toHaveBeenCalledTimes(2);
  });

  it('shows a designed loading state until the first answer', async () => {
    let answer: (fleet: ReturnType<typeof fleetOf>) => void = () => {};
    renderFleet(
      mockInfraHealthApi({
        getFleet: jest.fn(
          () =>
            new Promise(resolve => {
              answer = resolve;
            }),
        ),
      }),
    );
    expect(
      await screen.findByText('Loading platform health…'),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveAttribute('aria-busy', 'true');
    answer(fleetOf([devA]));
    await waitFor(() =>
      expect(
        screen.queryByText('Loading platform health…'),
      ).not.toBeInTheDocument(),
    );
    expect((await clusterRows()).map(r => r.name)).toEqual(['dev-a']);
  });
});
