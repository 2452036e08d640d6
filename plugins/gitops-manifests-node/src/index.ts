/**
 * Pure generators for the platform's GitOps repository: the seeds' Argo CD
 * app-of-apps, KubeVirt nested MicroK8s clusters, node address allocation,
 * SealedSecrets, and validation of everything against the upstream schemas.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './catalogue/types';
export {
  PLATFORM_COMPONENTS,
  findCatalogueComponent,
} from './catalogue/components';
export {
  loadCatalogue,
  CatalogueError,
  type CatalogueProblem,
} from './catalogue/loadCatalogue';
export {
  DEFAULT_PLATFORM_ADDRESSES,
  PLATFORM_ADDRESS_KEY,
  resolvePlatformAddresses,
  type PlatformAddresses,
  type PlatformAddressName,
  type PlatformAddressRef,
} from './catalogue/platformAddresses';
export * from './requests/RequestValidationError';
export * from './requests/fieldRules';
export * from './requests/requestSchema';
export * from './addresses/ipv4';
export * from './addresses/vlanPlan';
export * from './addresses/allocateNodeAddresses';
export * from './secrets/sealSecret';
export { publicKeyInfoFromPem } from './secrets/certificate';
export * from './appOfApps/applications';
export * from './appOfApps/syncPolicy';
export * from './appOfApps/componentRequest';
export * from './appOfApps/newComponentForm';
export * from './appOfApps/projects';
export * from './appOfApps/renderComponent';
export * from './appOfApps/renderBootstrapTree';
export * from './nestedCluster/request';
export * from './nestedCluster/networks';
export * from './nestedCluster/renderNestedCluster';
export * from './nestedCluster/newClusterForm';
export * from './repository/collectAllocatedAddresses';
export * from './portal/request';
export * from './portal/appConfig';
export * from './portal/renderPortalDeployment';
export * from './serialize/yaml';
export * from './validation';
export * from './validateRendered';
export * from './repository/allocationIndex';
export * from './repository/addressAllocations';
export * from './nestedCluster/clusterRecord';
export * from './nestedCluster/joinToken';
export * from './nestedCluster/changeCluster';
export * from './appOfApps/changeComponent';
