import { TrackedApplication } from '@proficientnow/backstage-plugin-gitops-common';
import { evaluateRollout } from './rollout';

const MERGE = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2';
const LATER = 'b'.repeat(40);
const MERGED_AT = '2026-12-07T10:00:00Z';
const change = (action = 'scale' as any) => ({
  action,
  targetRef: 'resource:default/web-dev',
  mergeSha: MERGE,
  mergedAt: MERGED_AT,
});
const app = (over: Partial<TrackedApplication>): TrackedApplication => ({
  cluster: 'platform',
  name: 'web-dev',
  sync: 'Synced',
  health: 'Healthy',
  revision: MERGE,
  ...over,
});
const at = (minutes: number) => ({
  now: Date.parse(MERGED_AT) + minutes * 60_000,
  stuckAfterMs: 30 * 60_000,
  laterMerges: [LATER],
});
const judge = (apps: TrackedApplication[], minutes = 1, action?: string) =>
  evaluateRollout(
    change(action),
    { applications: apps, unreadable: [] },
    at(minutes),
  );

describe('evaluateRollout', () => {
  it('healthy once every Application synced the merge commit and is Healthy', () => {
    expect(judge([app({})])).toEqual({
      state: 'healthy',
      reason: 'platform/web-dev synced a1b2c3d and healthy',
    });
  });

  it('a later merge of the portal contains this one', () => {
    expect(judge([app({ revision: LATER })])?.state).toBe('healthy');
  });

  it('applied while Progressing; waiting (merged) while Argo CD holds an older revision', () => {
    expect(judge([app({ health: 'Progressing' })])).toEqual({
      state: 'applied',
      reason: 'synced a1b2c3d; platform/web-dev Synced/Progressing',
    });
    expect(judge([app({ revision: 'c'.repeat(40) })])).toEqual({
      state: 'merged',
      reason: 'waiting for Argo CD: platform/web-dev at ccccccc',
    });
  });

  it('failed when degraded after applying it, or when its sync failed', () => {
    expect(judge([app({ health: 'Degraded' })])?.state).toBe('failed');
    expect(
      judge([
        app({
          revision: 'c'.repeat(40),
          operationPhase: 'Error',
          operationRevision: MERGE,
          operationMessage: 'hook failed',
        }),
      ]),
    ).toEqual({
      state: 'failed',
      reason: 'the sync of a1b2c3d failed on platform/web-dev: hook failed',
    });
    // a failed sync of an older revision says nothing about this change
    expect(
      judge([
        app({
          revision: 'c'.repeat(40),
          operationPhase: 'Failed',
          operationRevision: 'c'.repeat(40),
        }),
      ])?.state,
    ).toBe('merged');
  });

  it('stuck when not applied, or not healthy, within the time; nothing decided before it', () => {
    expect(judge([], 5)).toBeUndefined();
    expect(judge([], 31)).toEqual({
      state: 'stuck',
      reason:
        'not applied within 30 min: Argo CD holds no Application of resource:default/web-dev',
    });
    expect(judge([app({ revision: 'c'.repeat(40) })], 31)?.state).toBe('stuck');
    expect(judge([app({ health: 'Progressing' })], 31)).toEqual({
      state: 'stuck',
      reason:
        'applied, but not healthy within 30 min: platform/web-dev Synced/Progressing',
    });
  });

  it('a retirement is done when no Application of the target is left', () => {
    expect(judge([], 1, 'retire')).toEqual({
      state: 'healthy',
      reason:
        'removed: Argo CD holds no Application of resource:default/web-dev any more',
    });
    expect(judge([app({})], 1, 'retire')).toBeUndefined();
    expect(judge([app({})], 31, 'retire')?.state).toBe('stuck');
  });

  it('a cluster that cannot be read decides nothing, and is named when late', () => {
    const unreadable = ['platform: infra-health answered HTTP 503'];
    expect(
      evaluateRollout(
        change('retire'),
        { applications: [], unreadable },
        at(1),
      ),
    ).toBeUndefined();
    expect(
      evaluateRollout(change(), { applications: [], unreadable }, at(31)),
    ).toEqual({
      state: 'stuck',
      reason:
        'not applied within 30 min: Argo CD holds no Application of resource:default/web-dev; platform: infra-health answered HTTP 503',
    });
  });
});
