import { Flex, Text } from '@backstage/ui';
import {
  detailCounts,
  detailNumber,
  detailObjects,
  detailStrings,
} from '../../health/details';
import { unconfiguredSources } from '../../health/coverage';
import { formatBytes } from '../../health/time';
import { CapacityBar } from '../CapacityBar';
import { CheckList } from '../CheckList';
import {
  CardSection,
  Fact,
  MetricsSourceNote,
  SmallTable,
} from './CardSection';
import { HealthCardContent, healthCard } from './HealthCardFrame';

/** One Ceph health check per active `ceph health` code, e.g. `ceph.OSD_DOWN`. */
const ACTIVE_CEPH_CHECK = /^ceph\.[A-Z][A-Z0-9_]*$/;

interface CephPool {
  id?: number;
  name: string;
  bytesUsed?: number;
  maxAvailBytes?: number;
  objects?: number;
}

function isPool(value: unknown): value is CephPool {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as CephPool).name === 'string'
  );
}

const optionalBytes = (n: number | undefined) =>
  n === undefined ? '—' : formatBytes(n);

function CephBody({ cluster, checks, check }: HealthCardContent) {
  const health = check('ceph.health');
  const active = checks.filter(c => ACTIVE_CEPH_CHECK.test(c.id));
  const capacity = check('ceph.capacity');
  const used = detailNumber(capacity, 'bytesUsed');
  const total = detailNumber(capacity, 'bytesTotal');
  const osds = check('ceph.osds');
  const pgs = check('ceph.pgs');
  const quorum = check('ceph.quorum');
  const mons = detailNumber(quorum, 'mons');
  const inQuorum = detailStrings(quorum, 'quorum');
  const pgStates = detailCounts(pgs, 'states');
  const pools = check('ceph.pools');
  const poolList = detailObjects(pools, 'pools', isPool);
  const prometheus = unconfiguredSources(cluster).find(
    s => s.source === 'prometheus',
  );
  return (
    <Flex direction="column" gap="3">
      <CardSection title="Ceph health" check={health}>
        {active.length ? (
          <CheckList checks={active} label="Active Ceph health checks" />
        ) : (
          <Text as="p" variant="body-small">
            {health?.reason}
          </Text>
        )}
      </CardSection>
      <CardSection title="Capacity" check={capacity}>
        {used !== undefined && total !== undefined ? (
          <CapacityBar
            label="Raw capacity used"
            used={used}
            total={total}
            available={detailNumber(capacity, 'bytesAvailable')}
            status={capacity?.status ?? 'unknown'}
          />
        ) : undefined}
      </CardSection>
      <CardSection title="OSDs" check={osds}>
        {detailNumber(osds, 'total') !== undefined ? (
          <Fact label="Up / in / total">
            {`${detailNumber(osds, 'up') ?? '?'} up, ${
              detailNumber(osds, 'in') ?? '?'
            } in, of ${detailNumber(osds, 'total')}`}
          </Fact>
        ) : undefined}
      </CardSection>
      <CardSection title="Placement groups" check={pgs}>
        {pgStates.length ? (
          <SmallTable
            caption={`${
              detailNumber(pgs, 'total') ?? '?'
            } placement groups by state`}
            headers={['State', 'PGs']}
            rows={pgStates.map(([state, count]) => [state, String(count)])}
          />
        ) : undefined}
      </CardSection>
      <CardSection title="Monitors" check={quorum}>
        {mons !== undefined ? (
          <Fact label="In quorum">
            {`${inQuorum.length} of ${mons}`}
            {inQuorum.length ? ` (${inQuorum.join(', ')})` : ''}
          </Fact>
        ) : undefined}
      </CardSection>
      <CardSection title="Pools" check={pools}>
        {poolList.length ? (
          <SmallTable
            caption={`${poolList.length} pools`}
            headers={['Pool', 'Used', 'Max available', 'Objects']}
            rows={poolList.map(pool => [
              pool.name,
              optionalBytes(pool.bytesUsed),
              optionalBytes(pool.maxAvailBytes),
              pool.objects === undefined ? '—' : String(pool.objects),
            ])}
          />
        ) : undefined}
      </CardSection>
      <MetricsSourceNote
        show={!pools}
        prometheus={prometheus}
        comesFrom="Pools and per-pool usage come from ceph-mgr metrics."
      />
    </Flex>
  );
}

/** Ceph of the entity's cluster: health with each active check, capacity, OSDs, PGs, monitors, pools. */
export const CephCard = healthCard({
  title: 'Ceph',
  subsystem: 'ceph',
  configureHint:
    "Ceph health comes from Rook's CephCluster in the cluster's Kubernetes API and from ceph-mgr metrics in Prometheus; configure one of them for this cluster in infraHealth.clusters.",
  Body: CephBody,
});
