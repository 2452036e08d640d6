import type { HealthCheck } from '@proficientnow/backstage-plugin-infra-health-common';
import { SEVERITY } from '@proficientnow/backstage-plugin-infra-health-common';
import { Text } from '@backstage/ui';
import { ObservedTime } from './ObservedTime';
import { StatusBadge } from './StatusBadge';

const listStyle = {
  listStyle: 'none',
  margin: 0,
  padding: 0,
  display: 'flex',
  flexDirection: 'column',
  gap: 'var(--bui-space-2)',
} as const;

/** Checks worst first, each with its status in words, its reason and when it was observed. */
export function CheckList(props: { checks: HealthCheck[]; label: string }) {
  const checks = [...props.checks].sort(
    (a, b) =>
      SEVERITY[b.status] - SEVERITY[a.status] || a.id.localeCompare(b.id),
  );
  return (
    <ul aria-label={props.label} style={listStyle}>
      {checks.map(check => (
        <li
          key={check.id}
          style={{
            display: 'grid',
            gridTemplateColumns: '7.5rem 1fr auto',
            gap: 'var(--bui-space-2)',
            alignItems: 'baseline',
          }}
        >
          <StatusBadge status={check.status} label={check.id} size="small" />
          <span>
            <Text as="span" variant="body-small">
              {check.reason}
            </Text>{' '}
            <Text as="span" variant="body-x-small" color="secondary">
              ({check.id})
            </Text>
          </span>
          <Text as="span" variant="body-x-small" color="secondary">
            <ObservedTime at={check.observedAt} />
          </Text>
        </li>
      ))}
    </ul>
  );
}
