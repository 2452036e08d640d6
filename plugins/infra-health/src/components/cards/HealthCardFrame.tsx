import { INFRA_HEALTH_SIGNAL_CHANNEL } from '@proficientnow/backstage-plugin-infra-health-common';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  HealthCheck,
  Subsystem,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Card,
  CardBody,
  CardFooter,
  CardHeader,
  Flex,
  Link,
  Text,
} from '@backstage/ui';
import type { ReactNode } from 'react';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import type { ClusterDetail } from '../../api/types';
import {
  sourceHint,
  SubsystemCoverage,
  subsystemCoverage,
  unconfiguredSources,
} from '../../health/coverage';
import { healthClusterOf } from '../../entity/healthCluster';
import { useSignalledValue } from '../../hooks/usePolledValue';
import { useFleetLink } from '../../hooks/useLinks';
import { HealthSparkline } from '../HealthSparkline';
import { ObservedTime } from '../ObservedTime';
import {
  LoadErrorPanel,
  LoadingPanel,
  NotConfiguredPanel,
  RefreshFailedNotice,
} from '../StatePanels';
import { StaleMarker, StatusBadge } from '../StatusBadge';

export const CARD_REFRESH_MS = 30_000;

/** What a card body gets: the cluster and, for a subsystem card, that subsystem's checks by id. */
export interface HealthCardContent {
  cluster: ClusterDetail;
  checks: HealthCheck[];
  check(id: string): HealthCheck | undefined;
}

/**
 * Why a card cannot show findings: its subsystem is not reported, or (for
 * the cluster card) the cluster's Kubernetes API is not configured.
 */
function notReported(
  cluster: ClusterDetail,
  coverage: SubsystemCoverage | undefined,
): { reasons: string[]; hints: string[] } | undefined {
  if (coverage?.kind === 'notReported') return coverage;
  if (coverage) return undefined;
  const kubernetes = unconfiguredSources(cluster).find(
    s => s.source === 'kubernetes',
  );
  return kubernetes
    ? { reasons: [sourceHint(kubernetes)], hints: [] }
    : undefined;
}

function isNotFound(error: Error | undefined): boolean {
  return error instanceof ResponseError && error.statusCode === 404;
}

/**
 * The frame every health card shares: finds the entity's cluster, reads its
 * health every 30 s, and shows the designed states (loading, nothing
 * collected for the cluster, source not configured, error) before the
 * card's own body. The header carries the status in words, the stale
 * marker and the 24-hour sparkline.
 */
export function HealthCardFrame(props: {
  title: string;
  /** The subsystem the card is about; the cluster card leaves it out. */
  subsystem?: Subsystem;
  /** How to get this subsystem reported, when the backend gives no hint. */
  configureHint: string;
  children: (content: HealthCardContent) => ReactNode;
}) {
  const { title, subsystem, configureHint, children } = props;
  const { entity } = useEntity();
  const clusterName = healthClusterOf(entity);
  const api = useApi(infraHealthApiRef);
  const fleetLink = useFleetLink();
  const detail = useSignalledValue(
    () => api.getCluster(clusterName),
    { intervalMs: CARD_REFRESH_MS, channel: INFRA_HEALTH_SIGNAL_CHANNEL },
    [api, clusterName],
  );

  const frame = (body: ReactNode, header?: ReactNode, footer?: ReactNode) => (
    <Card>
      <CardHeader>
        <Flex
          justify="between"
          align="center"
          gap="3"
          style={{ flexWrap: 'wrap' }}
        >
          <Text as="h2" variant="title-x-small">
            {title}
          </Text>
          {header}
        </Flex>
      </CardHeader>
      <CardBody>{body}</CardBody>
      {footer ? <CardFooter>{footer}</CardFooter> : null}
    </Card>
  );

  if (detail.loading) {
    return frame(<LoadingPanel label={`Loading health of ${clusterName}…`} />);
  }
  if (!detail.value) {
    if (isNotFound(detail.error)) {
      return frame(
        <NotConfiguredPanel
          title={`No health collected for cluster ${clusterName}`}
          reasons={[
            `The infra-health backend has no data for a cluster named "${clusterName}".`,
          ]}
          howTo={`Add it to infraHealth.clusters in app-config under the name ${clusterName}, or set the platform.proficientnow.io/health-cluster annotation of this entity to the name of a configured cluster.`}
        />,
      );
    }
    return frame(
      <LoadErrorPanel
        title={`Health of ${clusterName} could not be read`}
        error={
          detail.error ?? new Error('no answer from the infra-health backend')
        }
        onRetry={detail.retry}
      />,
    );
  }

  const cluster = detail.value;
  const coverage = subsystem
    ? subsystemCoverage(cluster, subsystem)
    : undefined;
  const missing = notReported(cluster, coverage);
  if (missing) {
    return frame(
      <NotConfiguredPanel
        title={`${title}: not reported for ${clusterName}`}
        reasons={missing.reasons}
        howTo={missing.hints.length ? missing.hints.join(' ') : configureHint}
      />,
    );
  }

  const health = coverage?.kind === 'reported' ? coverage.health : undefined;
  const status = health?.status ?? cluster.status;
  const stale = health?.stale ?? cluster.stale;
  const observedAt = health?.observedAt ?? cluster.observedAt;
  const checks = health?.checks ?? cluster.subsystems.flatMap(s => s.checks);
  const header = (
    <Flex align="center" gap="3">
      <StatusBadge status={status} label={title} />
      {stale ? <StaleMarker observedAt={observedAt} /> : null}
      {cluster.reachable === false ? (
        <Text variant="body-small" weight="bold">
          Unreachable,{' '}
          <ObservedTime at={cluster.lastSeenAt} prefix="last seen" />
        </Text>
      ) : null}
      <HealthSparkline
        cluster={cluster.cluster}
        subsystem={subsystem ?? '*'}
        label={`${title} of ${cluster.cluster}`}
      />
    </Flex>
  );
  const footer = (
    <Text variant="body-x-small" color="secondary">
      {`Cluster ${cluster.cluster}${
        cluster.environment ? ` (${cluster.environment})` : ''
      } · observed `}
      <ObservedTime at={observedAt} />
      {fleetLink ? (
        <>
          {' · '}
          <Link
            href={`${fleetLink()}?cluster=${encodeURIComponent(
              cluster.cluster,
            )}`}
          >
            All checks on the fleet page
          </Link>
        </>
      ) : null}
    </Text>
  );
  return frame(
    <Flex direction="column" gap="3">
      {detail.error ? (
        <RefreshFailedNotice
          error={detail.error}
          updatedAt={detail.updatedAt}
        />
      ) : null}
      <Text as="p" variant="body-small">
        {health?.reason ?? cluster.reason}
      </Text>
      {children({
        cluster,
        checks,
        check: id => checks.find(c => c.id === id),
      })}
    </Flex>,
    header,
    footer,
  );
}

/**
 * A card of the health of the entity's cluster: the frame with its designed
 * states around a body that shows what was collected.
 */
export function healthCard(options: {
  title: string;
  subsystem?: Subsystem;
  configureHint: string;
  Body: (props: HealthCardContent) => ReactNode;
}) {
  const { Body, ...frame } = options;
  const HealthCard = () => (
    <HealthCardFrame {...frame}>
      {content => <Body {...content} />}
    </HealthCardFrame>
  );
  HealthCard.displayName = `${options.title.replace(/\s+/g, '')}Card`;
  return HealthCard;
}
