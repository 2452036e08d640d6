import { RiHeartPulseLine } from '@remixicon/react';

const SIZES = { small: 20, medium: 24, large: 35, inherit: '1em' } as const;

/**
 * The plugin's icon (a heart with a pulse line), shaped as a legacy
 * `IconComponent` so it fits `<SidebarItem icon={InfraHealthIcon} />`.
 */
export function InfraHealthIcon(props: {
  fontSize?: 'medium' | 'large' | 'small' | 'inherit';
}) {
  return (
    <RiHeartPulseLine size={SIZES[props.fontSize ?? 'medium']} aria-hidden />
  );
}
