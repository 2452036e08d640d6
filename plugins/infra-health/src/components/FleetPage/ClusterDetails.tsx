import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import { notInstalled } from '@proficientnow/backstage-plugin-infra-health-common';
import { useEffect, useRef } from 'react';
import type { ClusterHealthView } from '../../api/types';
import { sourceHint, unconfiguredSources } from '../../health/coverage';
import { CheckList } from '../CheckList';
import { ObservedTime } from '../ObservedTime';
import { StaleMarker, StatusBadge } from '../StatusBadge';
import { subsystemTitle } from '../subsystemTitle';

/**
 * One cluster's checks, subsystem by subsystem, worst first, each with its
 * reason: what the fleet page shows when a cluster is picked. Focus moves to
 * the heading so keyboard and screen reader users land on it.
 */
export function ClusterDetails(props: {
  cluster: ClusterHealthView;
  onClose: () => void;
}) {
  const { cluster, onClose } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [cluster.cluster]);
  const missing = unconfiguredSources(cluster);
  return (
    <Card aria-labelledby={`cluster-details-${cluster.cluster}`}>
      <CardHeader>
        <Flex justify="between" align="center" gap="3">
          <Flex align="center" gap="3">
            <Text
              as="h2"
              variant="title-small"
              id={`cluster-details-${cluster.cluster}`}
              ref={heading}
              tabIndex={-1}
            >
              Checks of {cluster.cluster}
              {cluster.environment ? ` (${cluster.environment})` : ''}
            </Text>
            <StatusBadge status={cluster.status} label={cluster.cluster} />
            {cluster.stale ? (
              <StaleMarker observedAt={cluster.observedAt} />
            ) : null}
          </Flex>
          <Button variant="tertiary" onPress={onClose}>
            Close
          </Button>
        </Flex>
        <Text as="p" variant="body-small" color="secondary">
          {cluster.reason} · observed <ObservedTime at={cluster.observedAt} />
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="4">
          {missing.length > 0 ? (
            <Alert
              status="info"
              icon
              title="Some sources are not configured for this cluster"
              description={missing.map(sourceHint).join(' ')}
            />
          ) : null}
          {cluster.subsystems.map(subsystem => (
            <section key={subsystem.subsystem}>
              <Flex align="center" gap="2">
                <Text as="h3" variant="body-large" weight="bold">
                  {subsystemTitle(subsystem.subsystem)}
                </Text>
                <StatusBadge
                  status={subsystem.status}
                  label={subsystemTitle(subsystem.subsystem)}
                  size="small"
                  text={notInstalled(subsystem) ? 'Not installed' : undefined}
                />
                {subsystem.stale ? (
                  <StaleMarker observedAt={subsystem.observedAt} />
                ) : null}
              </Flex>
              {subsystem.checks.length ? (
                <CheckList
                  checks={subsystem.checks}
                  label={`${subsystemTitle(subsystem.subsystem)} checks of ${
                    cluster.cluster
                  }`}
                />
              ) : (
                <Text as="p" variant="body-small" color="secondary">
                  {subsystem.reason}
                </Text>
              )}
            </section>
          ))}
        </Flex>
      </CardBody>
    </Card>
  );
}
