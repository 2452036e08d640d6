export {
  startLocalStack,
  seedRepositoryFiles,
  LOCAL_GITHUB_HOST,
  LOCAL_GITOPS_OWNER,
  LOCAL_GITOPS_REPO,
} from './startLocalStack';
export type { LocalStack, LocalStackOptions } from './startLocalStack';
export { ensureSealingKeyPair } from './sealingKeyPair';
