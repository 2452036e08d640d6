/**
 * The GitOps backend: the changes the portal proposed to the GitOps
 * repository, as the pending-changes page and entity cards show them.
 *
 * @packageDocumentation
 */
export { gitopsPlugin as default } from './plugin';
export * from './changes';
