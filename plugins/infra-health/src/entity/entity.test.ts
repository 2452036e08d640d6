import type { Entity } from '@backstage/catalog-model';
import { filterPredicateToFilterFunction } from '@backstage/filter-predicates';
import {
  cephCardFilter,
  ciliumCardFilter,
  clusterCardFilter,
  pendingChangesCardFilter,
} from './filters';
import { healthClusterOf } from './healthCluster';

const entity = (
  kind: string,
  name: string,
  options: { type?: string; annotations?: Record<string, string> } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, annotations: options.annotations },
  spec: options.type ? { type: options.type } : {},
});

const healthCluster = {
  'platform.proficientnow.io/health-cluster': 'platform',
};

describe('healthClusterOf', () => {
  it('prefers the health-cluster annotation, then the kubernetes id, then the name', () => {
    expect(
      healthClusterOf(
        entity('Component', 'rook-ceph', {
          annotations: {
            ...healthCluster,
            'backstage.io/kubernetes-id': 'rook-ceph',
          },
        }),
      ),
    ).toBe('platform');
    expect(
      healthClusterOf(
        entity('Resource', 'dev-a', {
          annotations: { 'backstage.io/kubernetes-id': 'dev-a-cluster' },
        }),
      ),
    ).toBe('dev-a-cluster');
    expect(healthClusterOf(entity('Resource', 'qa-1'))).toBe('qa-1');
  });
});

describe('card filters', () => {
  const matches = (filter: any, e: Entity) =>
    filterPredicateToFilterFunction(filter)(e);
  const clusterResource = entity('Resource', 'platform-cluster', {
    type: 'kubernetes-cluster',
    annotations: healthCluster,
  });
  const rookCeph = entity('Component', 'rook-ceph', {
    type: 'service',
    annotations: healthCluster,
  });
  const cilium = entity('Component', 'cilium', {
    type: 'service',
    annotations: healthCluster,
  });
  const unannotatedCilium = entity('Component', 'cilium', { type: 'service' });
  const vlan = entity('Resource', 'vlan-105', { type: 'network' });

  it('puts the cluster card on kubernetes-cluster Resources only', () => {
    expect(matches(clusterCardFilter, clusterResource)).toBe(true);
    expect(matches(clusterCardFilter, rookCeph)).toBe(false);
    expect(matches(clusterCardFilter, vlan)).toBe(false);
  });

  it('puts the Ceph card on clusters and on annotated Ceph components', () => {
    expect(matches(cephCardFilter, clusterResource)).toBe(true);
    expect(matches(cephCardFilter, rookCeph)).toBe(true);
    expect(matches(cephCardFilter, cilium)).toBe(false);
    expect(
      matches(
        cephCardFilter,
        entity('Component', 'rook-ceph', { type: 'service' }),
      ),
    ).toBe(false);
  });

  it('puts the Cilium card on clusters and on the annotated cilium component', () => {
    expect(matches(ciliumCardFilter, clusterResource)).toBe(true);
    expect(matches(ciliumCardFilter, cilium)).toBe(true);
    expect(matches(ciliumCardFilter, unannotatedCilium)).toBe(false);
    expect(matches(ciliumCardFilter, rookCeph)).toBe(false);
  });

  it('puts the pending changes card on clusters and components', () => {
    expect(matches(pendingChangesCardFilter, clusterResource)).toBe(true);
    expect(matches(pendingChangesCardFilter, unannotatedCilium)).toBe(true);
    expect(matches(pendingChangesCardFilter, vlan)).toBe(false);
    expect(matches(pendingChangesCardFilter, entity('System', 'storage'))).toBe(
      false,
    );
  });
});
