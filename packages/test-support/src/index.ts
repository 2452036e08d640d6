export { portalTestDatabases, portalDatabaseIds } from './databases';
export { waitFor } from './waitFor';
export {
  startCephLab,
  cephLabAvailable,
  cephLabMissingBinaries,
  requireCephLab,
  cephLabDefaultPorts,
} from './cephLab';
export type { CephLab, CephLabOptions, CephLabPorts } from './cephLab';
export { startOidcProvider } from './oidcProvider';
export type {
  OidcAccount,
  OidcClient,
  OidcProviderOptions,
  RunningOidcProvider,
} from './oidcProvider';
