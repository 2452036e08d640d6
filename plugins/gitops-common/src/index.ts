/**
 * What every part of the portal's GitOps family shares and that runs
 * anywhere (backend and browser): where things live in the GitOps repository,
 * who may request what, and the change-identity codec.
 *
 * @packageDocumentation
 */
export * from './layout/GitOpsLayout';
export * from './permissions';
export * from './changes/changeIdentity';
export * from './changes/pendingChanges';
export * from './targets/targetStates';
export * from './changes/trackedChanges';
