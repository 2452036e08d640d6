import type {
  HealthCheck,
  HealthStatus,
  SubsystemHealth,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { SEVERITY } from '@proficientnow/backstage-plugin-infra-health-common';
import { Flex, Text } from '@backstage/ui';
import {
  detailNumber,
  detailObjects,
  detailStrings,
} from '../../health/details';
import { isHealthStatus } from '../../health/statusLevels';
import { StatusBadge } from '../StatusBadge';
import { Fact } from './CardSection';

/** One object that is not ok, as the backend's custom resource rule names it. */
interface Finding {
  name: string;
  status: HealthStatus;
  reason: string;
}

function isFinding(value: unknown): value is Finding {
  const f = value as Finding;
  return (
    !!f &&
    typeof f === 'object' &&
    typeof f.name === 'string' &&
    typeof f.reason === 'string' &&
    isHealthStatus(f.status)
  );
}

/** The kind's name as configured (`title`), else its check id. */
function titleOf(check: HealthCheck): string {
  const title = check.details?.title;
  return typeof title === 'string' && title ? title : check.id;
}

const isNotInstalled = (check: HealthCheck) =>
  check.details?.notInstalled === true;

const listStyle = {
  listStyle: 'none',
  margin: 0,
  padding: 0,
  display: 'flex',
  flexDirection: 'column',
  gap: 'var(--bui-space-1)',
} as const;

/** One configured kind: its status in words, how many are ready, and each object that is not, with why. */
function CustomResourceKind({ check }: { check: HealthCheck }) {
  const title = titleOf(check);
  const total = detailNumber(check, 'total');
  const ready = detailNumber(check, 'ready');
  const findings = detailObjects(check, 'findings', isFinding);
  const unreadable = detailStrings(check, 'unreadable');
  const namespace = check.details?.namespace;
  const judged = total !== undefined;
  return (
    <section aria-label={title}>
      <Flex direction="column" gap="1">
        <Flex align="center" gap="2">
          <Text as="h4" variant="body-small" weight="bold">
            {title}
          </Text>
          {isNotInstalled(check) ? (
            <StatusBadge
              status="unknown"
              label={title}
              size="small"
              text="Not installed"
            />
          ) : (
            <StatusBadge status={check.status} label={title} size="small" />
          )}
        </Flex>
        {judged ? (
          <Fact label="Ready">
            {`${ready ?? '?'} of ${total}`}
            {typeof namespace === 'string' ? ` in namespace ${namespace}` : ''}
          </Fact>
        ) : (
          // not read at all (not installed, forbidden, not a list): the backend's reason says why
          <Text as="p" variant="body-small">
            {check.reason}
          </Text>
        )}
        {findings.length ? (
          <ul aria-label={`${title} not ready`} style={listStyle}>
            {findings.map(finding => (
              <li key={finding.name}>
                <Flex align="baseline" gap="2">
                  <StatusBadge
                    status={finding.status}
                    label={finding.name}
                    size="small"
                  />
                  <Text as="span" variant="body-small">
                    {`${finding.name}: ${finding.reason}`}
                  </Text>
                </Flex>
              </li>
            ))}
          </ul>
        ) : null}
        {unreadable.length ? (
          <Fact label="Unreadable">{unreadable.join('; ')}</Fact>
        ) : null}
      </Flex>
    </section>
  );
}

/**
 * The cluster's custom resources (`infraHealth.customResources`): the
 * subsystem's status, then each configured kind, worst first, with the
 * objects that are not ready named with their reason. A kind whose API is
 * not installed says so instead of Unknown. Left out when the cluster
 * reports no custom resources.
 */
export function CustomResourcesSection(props: {
  health: SubsystemHealth | undefined;
}) {
  const { health } = props;
  if (!health || health.checks.length === 0) return null;
  const kinds = [...health.checks].sort(
    (a, b) =>
      Number(isNotInstalled(a)) - Number(isNotInstalled(b)) ||
      SEVERITY[b.status] - SEVERITY[a.status] ||
      titleOf(a).localeCompare(titleOf(b)),
  );
  const allMissing = kinds.every(isNotInstalled);
  return (
    <section aria-label="Custom resources">
      <Flex direction="column" gap="2">
        <Flex align="center" gap="2">
          <Text as="h3" variant="body-medium" weight="bold">
            Custom resources
          </Text>
          {allMissing ? (
            <StatusBadge
              status="unknown"
              label="Custom resources"
              size="small"
              text="Not installed"
            />
          ) : (
            <StatusBadge
              status={health.status}
              label="Custom resources"
              size="small"
            />
          )}
        </Flex>
        {kinds.map(check => (
          <CustomResourceKind key={check.id} check={check} />
        ))}
      </Flex>
    </section>
  );
}
