/** @jest-environment node */
import { ResponseError } from '@backstage/errors';
import { InfraHealthClient } from './InfraHealthClient';

const BASE = 'http://127.0.0.1:7007/api/infra-health';
const GITOPS = 'http://127.0.0.1:7007/api/gitops';

function clientAnswering(response: () => Response) {
  const fetch = jest.fn(async (_url: string) => response());
  const getBaseUrl = jest.fn(async (pluginId: string) => {
    if (pluginId === 'infra-health') return BASE;
    return pluginId === 'gitops' ? GITOPS : 'http://127.0.0.1:7007/wrong';
  });
  const client = new InfraHealthClient({
    discoveryApi: { getBaseUrl },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch, getBaseUrl };
}

const json = (body: unknown) => () =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

describe('InfraHealthClient', () => {
  it('reads the fleet from the infra-health base URL that discovery names', async () => {
    const fleet = {
      clusters: [],
      counts: { ok: 0, warning: 0, critical: 0, unknown: 0 },
      generatedAt: '2026-11-21T12:00:00Z',
    };
    const { client, fetch, getBaseUrl } = clientAnswering(json(fleet));
    await expect(client.getFleet()).resolves.toEqual(fleet);
    expect(getBaseUrl).toHaveBeenCalledWith('infra-health');
    expect(fetch).toHaveBeenCalledWith(`${BASE}/fleet`);
  });

  it('builds cluster, subsystem and history URLs with encoded names', async () => {
    const { client, fetch } = clientAnswering(json({}));
    await client.getCluster('dev a');
    await client.getSubsystem('platform', 'ceph');
    await client.getHistory('platform');
    await client.getHistory('qa-1', { hours: 6 });
    await client.getHistory('qa-1', { subsystem: 'ceph' });
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      `${BASE}/clusters/dev%20a`,
      `${BASE}/clusters/platform/subsystems/ceph`,
      `${BASE}/clusters/platform/history?hours=24`,
      `${BASE}/clusters/qa-1/history?hours=6`,
      `${BASE}/clusters/qa-1/history?hours=24&subsystem=ceph`,
    ]);
  });

  it('reads the changes from the GitOps backend, passing only the filters that are set', async () => {
    const { client, fetch } = clientAnswering(
      json({ configured: true, changes: [] }),
    );
    await client.getPendingChanges();
    await client.getPendingChanges({ target: 'dev-a' });
    await client.getPendingChanges({ environment: 'prod', target: 'dev a' });
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      `${GITOPS}/changes`,
      `${GITOPS}/changes?target=dev-a`,
      `${GITOPS}/changes?environment=prod&target=dev+a`,
    ]);
  });

  it('throws a ResponseError with status and the backend error on 404', async () => {
    const { client } = clientAnswering(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message: 'no health collected for cluster ghost',
            },
            request: { method: 'GET', url: '/clusters/ghost' },
            response: { statusCode: 404 },
          }),
          {
            status: 404,
            statusText: 'Not Found',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const error = await client.getCluster('ghost').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.name).toBe('NotFoundError');
    expect(error.cause.message).toBe('no health collected for cluster ghost');
  });

  it('throws a ResponseError on a 500 with a body that is not JSON', async () => {
    const { client } = clientAnswering(
      () =>
        new Response('upstream exploded', {
          status: 500,
          statusText: 'Internal Server Error',
        }),
    );
    const error = await client.getFleet().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(500);
    expect(error.message).toContain('500');
  });
});
