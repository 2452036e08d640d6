import { useApi } from '@backstage/frontend-plugin-api';
import { infraHealthApiRef } from '../api/InfraHealthApi';
import { sparklineModel } from '../health/sparkline';
import { usePolledValue } from '../hooks/usePolledValue';
import { STATUS_COLORS } from './StatusBadge';

const WIDTH = 144;
const HEIGHT = 28;
const HOURS = 24;

/**
 * The last 24 hours of one rollup (`*` for the whole cluster, else a
 * subsystem) as a small step line: higher is worse, each stretch coloured by
 * its status; the words are in the accessible name and the hover title.
 */
export function HealthSparkline(props: {
  cluster: string;
  subsystem?: string;
  label: string;
}) {
  const { cluster, subsystem = '*', label } = props;
  const api = useApi(infraHealthApiRef);
  const history = usePolledValue(
    () => api.getHistory(cluster, { hours: HOURS, subsystem }),
    { intervalMs: 60_000 },
    [api, cluster, subsystem],
  );
  const frame = {
    width: WIDTH,
    height: HEIGHT,
    display: 'block',
    overflow: 'visible',
  } as const;

  if (!history.value) {
    // the same box while loading or when history cannot be read, so nothing moves
    const text = history.error
      ? `${label}: history could not be read (${history.error.message})`
      : `${label}: loading history`;
    return (
      <svg role="img" aria-label={text} style={frame}>
        <title>{text}</title>
        <line
          x1={0}
          x2={WIDTH}
          y1={HEIGHT - 2}
          y2={HEIGHT - 2}
          stroke="var(--bui-border-1)"
          strokeDasharray="3 3"
        />
      </svg>
    );
  }

  const until = new Date();
  const model = sparklineModel(history.value.points, {
    subsystem,
    label: `${label}, last ${HOURS} hours`,
    since: new Date(until.getTime() - HOURS * 3_600_000),
    until,
    width: WIDTH,
    height: HEIGHT,
  });
  return (
    <svg
      role="img"
      aria-label={model.summary}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      style={frame}
      data-testid="health-sparkline"
    >
      <title>{model.summary}</title>
      <line
        x1={0}
        x2={WIDTH}
        y1={HEIGHT - 2}
        y2={HEIGHT - 2}
        stroke="var(--bui-border-1)"
      />
      {model.segments.map((segment, index) => {
        const next = model.segments[index + 1];
        return (
          <g key={index}>
            <line
              x1={segment.x1}
              x2={Math.max(segment.x2, segment.x1 + 1)}
              y1={segment.y}
              y2={segment.y}
              stroke={STATUS_COLORS[segment.status]}
              strokeWidth={2}
              strokeLinecap="round"
            />
            {next && next.y !== segment.y ? (
              <line
                x1={segment.x2}
                x2={segment.x2}
                y1={segment.y}
                y2={next.y}
                stroke="var(--bui-fg-secondary)"
                strokeWidth={1}
              />
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
