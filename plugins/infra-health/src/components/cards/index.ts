// One module for the entity cards: an entity page shows several of them,
// and one chunk shares their common parts (frame, badges, sections) instead
// of each card's chunk carrying its own copy.
export { ClusterCard } from './ClusterCard';
export { CephCard } from './CephCard';
export { CiliumCard } from './CiliumCard';
export { PendingChangesCard } from './PendingChangesCard';
export { ClusterChangesCard } from './ClusterChangesCard';
export { ComponentChangesCard } from './ComponentChangesCard';
