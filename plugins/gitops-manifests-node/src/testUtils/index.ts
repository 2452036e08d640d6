/**
 * Helpers for tests of packages that build on the generators: a throw-away
 * sealed-secrets key pair and the controller's decryption, a well-formed SSH
 * key, and a valid nested-cluster request.
 *
 * @packageDocumentation
 */
export { makeSealingKeys, unsealValue } from './sealingKeys';
export {
  sshEd25519Key,
  validClusterRequest,
  validPortalRequest,
} from './fixtures';
