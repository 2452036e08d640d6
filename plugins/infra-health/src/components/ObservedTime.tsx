import { formatAbsolute, formatAge } from '../health/time';

/** A past time as "3 min ago", with the exact time on hover and in the markup. */
export function ObservedTime(props: { at?: string; prefix?: string }) {
  const { at, prefix } = props;
  const relative = formatAge(at, new Date());
  if (!at) {
    return <span>{prefix ? `${prefix} never` : 'never'}</span>;
  }
  return (
    <time dateTime={at} title={formatAbsolute(at)}>
      {prefix ? `${prefix} ${relative}` : relative}
    </time>
  );
}
