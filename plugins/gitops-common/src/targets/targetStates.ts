/**
 * What the GitOps backend answers about the things day-2 changes are made
 * to, as the repository's base branch records them; the entity pages'
 * change cards read these and fill the forms from them.
 */

/** One role's nodes of a nested cluster. */
export interface NodeGroupState {
  count: number;
  sizeName: string;
  cpu: number;
  memoryGiB: number;
  diskGiB: number;
}

/** `GET /api/gitops/clusters/:name`: a nested cluster as its record says. */
export interface ClusterState {
  name: string;
  environment: string;
  owner: string;
  /** The commit it was read at; change forms carry it to refuse a stale change. */
  revision: string;
  folder: string;
  channel: string;
  /** The API server's virtual IP (three control planes). */
  apiAddress?: string;
  controlPlane: NodeGroupState;
  workers: NodeGroupState;
  nodes: Array<{
    name: string;
    role: string;
    channel: string;
    cpu: number;
    memoryGiB: number;
    diskGiB: number;
    address?: string;
  }>;
}

/** `GET /api/gitops/components/:name`: a component's Application as the repository declares it. */
export interface ComponentState {
  name: string;
  domain: string;
  /** The owner group's name, from the Application's owner label. */
  owner?: string;
  path: string;
  /** The commit it was read at. */
  revision: string;
  syncWave: number;
  /** The Helm chart source, when it has one. */
  chart?: { name: string; repoURL: string; version: string };
}
