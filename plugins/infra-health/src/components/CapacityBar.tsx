import type { HealthStatus } from '@proficientnow/backstage-plugin-infra-health-common';
import { formatBytes } from '../health/time';
import { STATUS_COLORS } from './StatusBadge';

/**
 * Used of total as a bar with the numbers in words next to it; the bar is a
 * meter for assistive technology and its colour follows the check's status.
 */
export function CapacityBar(props: {
  used: number;
  total: number;
  available?: number;
  status: HealthStatus;
  label: string;
}) {
  const { used, total, available, status, label } = props;
  const ratio = total > 0 ? Math.min(Math.max(used / total, 0), 1) : 0;
  const percent = Math.round(ratio * 1000) / 10;
  const words = `${percent}% used: ${formatBytes(used)} of ${formatBytes(
    total,
  )}${available !== undefined ? ` (${formatBytes(available)} available)` : ''}`;
  return (
    <div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={words}
        style={{
          height: 10,
          borderRadius: 'var(--bui-radius-full)',
          background: 'var(--bui-bg-neutral-2)',
          border: '1px solid var(--bui-border-1)',
          overflow: 'hidden',
        }}
      >
        <div
          style={{
            width: `${percent}%`,
            height: '100%',
            background: STATUS_COLORS[status],
          }}
        />
      </div>
      <span style={{ fontSize: 'var(--bui-font-size-2)' }}>{words}</span>
    </div>
  );
}
