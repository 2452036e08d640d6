import type { HealthStatus } from '@proficientnow/backstage-plugin-infra-health-common';
import {
  RiAlertFill,
  RiCheckboxCircleFill,
  RiErrorWarningFill,
  RiQuestionFill,
  RiTimeLine,
} from '@remixicon/react';
import type { CSSProperties, ReactNode } from 'react';
import { STATUS_LABELS } from '../health/statusLevels';

const ICONS: Record<HealthStatus, typeof RiAlertFill> = {
  ok: RiCheckboxCircleFill,
  warning: RiAlertFill,
  critical: RiErrorWarningFill,
  unknown: RiQuestionFill,
};

/** Foreground colours from the Backstage UI theme; never the only carrier of the status. */
export const STATUS_COLORS: Record<HealthStatus, string> = {
  ok: 'var(--bui-fg-positive)',
  warning: 'var(--bui-fg-warning)',
  critical: 'var(--bui-fg-negative)',
  unknown: 'var(--bui-fg-secondary)',
};

const badgeStyle: CSSProperties = {
  display: 'inline-flex',
  alignItems: 'center',
  gap: 'var(--bui-space-1)',
  fontWeight: 'var(--bui-font-weight-bold)' as CSSProperties['fontWeight'],
  whiteSpace: 'nowrap',
};

/**
 * A health status as an icon and a word ("Critical"), so it reads the same
 * without colour; colour only repeats it. `label` names what the status is
 * of, for screen readers ("Ceph: Warning").
 */
export function StatusBadge(props: {
  status: HealthStatus;
  label?: string;
  size?: 'small' | 'medium';
  /** A word other than the status's own, for states that map onto it ("Failing" checks are critical). */
  text?: string;
}) {
  const { status, label, size = 'medium', text } = props;
  const Icon = ICONS[status];
  const iconSize = size === 'small' ? 14 : 18;
  return (
    <span
      style={{
        ...badgeStyle,
        color: STATUS_COLORS[status],
        fontSize:
          size === 'small'
            ? 'var(--bui-font-size-2)'
            : 'var(--bui-font-size-3)',
      }}
      data-status={status}
    >
      <Icon size={iconSize} aria-hidden focusable={false} />
      {label ? <VisuallyHiddenText>{`${label}: `}</VisuallyHiddenText> : null}
      <span>{text ?? STATUS_LABELS[status]}</span>
    </span>
  );
}

/** Data older than the staleness limit: said in words, with the time it was last seen. */
export function StaleMarker(props: { observedAt?: string }) {
  return (
    <span
      style={{
        ...badgeStyle,
        color: 'var(--bui-fg-warning)',
        fontSize: 'var(--bui-font-size-2)',
      }}
      title={
        props.observedAt
          ? `Not refreshed since ${props.observedAt}; shown as unknown until the collector reports again`
          : 'Not refreshed recently; shown as unknown until the collector reports again'
      }
    >
      <RiTimeLine size={14} aria-hidden focusable={false} />
      <span>Stale</span>
    </span>
  );
}

function VisuallyHiddenText(props: { children: ReactNode }) {
  return (
    <span
      style={{
        position: 'absolute',
        width: 1,
        height: 1,
        overflow: 'hidden',
        clip: 'rect(0 0 0 0)',
        whiteSpace: 'nowrap',
      }}
    >
      {props.children}
    </span>
  );
}
