/**
 * Scaffolder actions that render the platform's GitOps changes and open one
 * pull request per request.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGitOps as default } from './module';
export {
  createRenderClusterAction,
  RENDER_CLUSTER_ACTION_ID,
} from './actions/renderCluster';
export {
  createRenderComponentAction,
  RENDER_COMPONENT_ACTION_ID,
} from './actions/renderComponent';
export {
  createRenderBootstrapAction,
  RENDER_BOOTSTRAP_ACTION_ID,
} from './actions/renderBootstrap';
export {
  createRenderPortalAction,
  RENDER_PORTAL_ACTION_ID,
} from './actions/renderPortal';
export {
  createOpenPullRequestAction,
  OPEN_PULL_REQUEST_ACTION_ID,
} from './actions/openPullRequest';
export type {
  GitOpsActionDeps,
  RenderedChangeIdentity,
} from './actions/renderPipeline';
