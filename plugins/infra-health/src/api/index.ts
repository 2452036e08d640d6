export { infraHealthApiRef } from './InfraHealthApi';
export type { InfraHealthApi } from './InfraHealthApi';
export { InfraHealthClient } from './InfraHealthClient';
export type * from './types';
