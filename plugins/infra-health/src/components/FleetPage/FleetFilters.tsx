import type { HealthStatus } from '@proficientnow/backstage-plugin-infra-health-common';
import {
  Flex,
  Select,
  Text,
  ToggleButton,
  ToggleButtonGroup,
} from '@backstage/ui';
import { STATUS_LABELS, STATUSES_WORST_FIRST } from '../../health/statusLevels';

export const ALL = 'all';
/** The environment filter's value for clusters that name none. */
export const NO_ENVIRONMENT = 'none';

/**
 * Status (with how many clusters each has, so the counts read at a glance)
 * and environment. Both are plain values the page keeps in the URL.
 */
export function FleetFilters(props: {
  status: string;
  environment: string;
  environments: string[];
  hasClustersWithoutEnvironment: boolean;
  counts: Record<HealthStatus, number>;
  total: number;
  onStatusChange: (status: string) => void;
  onEnvironmentChange: (environment: string) => void;
}) {
  const environmentOptions = [
    { id: ALL, label: 'All environments' },
    ...props.environments.map(env => ({ id: env, label: env })),
    ...(props.hasClustersWithoutEnvironment
      ? [{ id: NO_ENVIRONMENT, label: 'No environment' }]
      : []),
  ];
  return (
    <Flex gap="4" align="end" style={{ flexWrap: 'wrap' }}>
      <Flex direction="column" gap="1">
        <Text as="span" variant="body-small" id="fleet-status-filter">
          Status
        </Text>
        <ToggleButtonGroup
          aria-labelledby="fleet-status-filter"
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={[props.status]}
          onSelectionChange={keys => {
            const [key] = [...keys];
            if (key !== undefined) props.onStatusChange(String(key));
          }}
        >
          {[
            { id: ALL, label: `All (${props.total})` },
            ...STATUSES_WORST_FIRST.map(status => ({
              id: status,
              label: `${STATUS_LABELS[status]} (${props.counts[status] ?? 0})`,
            })),
          ].map(option => (
            <ToggleButton key={option.id} id={option.id}>
              {option.label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Flex>
      <div style={{ minWidth: '14rem' }}>
        <Select
          label="Environment"
          options={environmentOptions}
          value={props.environment}
          onChange={key => {
            if (key !== null && key !== undefined)
              props.onEnvironmentChange(String(key));
          }}
        />
      </div>
    </Flex>
  );
}
