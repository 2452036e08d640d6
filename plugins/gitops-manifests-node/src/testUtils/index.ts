/**
 * Helpers for tests of packages that build on the generators: a throw-away
 * sealed-secrets key pair and the controller's decryption, a well-formed SSH
 * key, a valid nested-cluster request, and the real validators (cloud-init's
 * schema command, `kubectl kustomize`) where the machine has them.
 *
 * @packageDocumentation
 */
export { makeSealingKeys, unsealValue } from './sealingKeys';
export {
  sshEd25519Key,
  validClusterRequest,
  validPortalRequest,
} from './fixtures';
export { realTool, run } from './realTools';
export { ENVIRONMENTS, NODE_SIZES } from '../nestedCluster/request';
export type {
  Environment,
  NamedSize,
  NestedClusterRequest,
  NodeSize,
} from '../nestedCluster/request';
export type {
  PortalDatabase,
  PortalDeploymentRequest,
  PortalGitHub,
  PortalResourceQuantities,
  PortalSecrets,
} from '../portal/request';
