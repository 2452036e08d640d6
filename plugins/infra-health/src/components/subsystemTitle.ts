import { SUBSYSTEM_TITLES } from '@proficientnow/backstage-plugin-infra-health-common';

/** A subsystem's display name; an id this frontend does not know yet is shown as it is. */
export function subsystemTitle(subsystem: string): string {
  return (SUBSYSTEM_TITLES as Record<string, string>)[subsystem] ?? subsystem;
}
