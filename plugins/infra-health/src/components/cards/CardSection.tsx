import type {
  HealthCheck,
  SourceInfo,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { Flex, Text } from '@backstage/ui';
import type { ReactNode } from 'react';
import { sourceHint } from '../../health/coverage';
import { StatusBadge } from '../StatusBadge';

/**
 * One part of a card (capacity, OSDs, agents ...) with its check's status in
 * words, and its reason unless all is well and the numbers say it. Left out
 * when the backend sent no such check.
 */
export function CardSection(props: {
  title: string;
  check: HealthCheck | undefined;
  children?: ReactNode;
}) {
  const { title, check, children } = props;
  if (!check) return null;
  return (
    <section aria-label={title}>
      <Flex direction="column" gap="1">
        <Flex align="center" gap="2">
          <Text as="h3" variant="body-medium" weight="bold">
            {title}
          </Text>
          <StatusBadge status={check.status} label={title} size="small" />
        </Flex>
        {children === undefined || check.status !== 'ok' ? (
          <Text as="p" variant="body-small">
            {check.reason}
          </Text>
        ) : null}
        {children}
      </Flex>
    </section>
  );
}

/** A line of "label: value" facts under a section. */
export function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Text as="p" variant="body-small">
      <Text as="span" variant="body-small" color="secondary">
        {`${props.label}: `}
      </Text>
      {props.children}
    </Text>
  );
}

/**
 * A small data table for a card (PG states, drops by reason, pools): the
 * first column names the row, the others are numbers, right-aligned.
 */
export function SmallTable(props: {
  caption: string;
  headers: string[];
  rows: string[][];
}) {
  const cell = {
    padding: 'var(--bui-space-1) var(--bui-space-2)',
    borderBottom: '1px solid var(--bui-border-1)',
    fontSize: 'var(--bui-font-size-2)',
    textAlign: 'right',
  } as const;
  const first = { ...cell, textAlign: 'left', fontWeight: 'normal' } as const;
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%' }}>
      <caption
        style={{
          textAlign: 'left',
          fontSize: 'var(--bui-font-size-2)',
          color: 'var(--bui-fg-secondary)',
        }}
      >
        {props.caption}
      </caption>
      <thead>
        <tr>
          {props.headers.map((header, i) => (
            <th
              key={header}
              scope="col"
              style={i === 0 ? { ...first, fontWeight: 'bold' } : cell}
            >
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map(([name, ...values]) => (
          <tr key={name}>
            <th scope="row" style={first}>
              {name}
            </th>
            {values.map((value, i) => (
              <td key={i} style={cell}>
                {value}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A note under a card whose metrics-based sections are missing: what comes
 * from metrics, and how to get the metrics source set up.
 */
export function MetricsSourceNote(props: {
  show: boolean;
  prometheus?: SourceInfo;
  /** What the missing sections would show, e.g. "Pools and per-pool usage come from ceph-mgr metrics." */
  comesFrom: string;
}) {
  if (!props.show || !props.prometheus) return null;
  return (
    <Text as="p" variant="body-small" color="secondary">
      {`${props.comesFrom} ${sourceHint(props.prometheus)}`}
    </Text>
  );
}
