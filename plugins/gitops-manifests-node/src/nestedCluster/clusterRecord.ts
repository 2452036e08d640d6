import { GitOpsLayout } from '@proficientnow/backstage-plugin-gitops-common';
import { parse, parseAllDocuments } from 'yaml';
import { LABELS } from '../appOfApps/applications';
import { parseIPv4 } from '../addresses/ipv4';
import { KubeObject } from '../model';
import { groupName } from '../requests/fieldRules';
import {
  RequestIssue,
  RequestValidationError,
} from '../requests/RequestValidationError';
import { toYaml } from '../serialize/yaml';
import {
  ENVIRONMENTS,
  NamedSize,
  NestedClusterPlatform,
  NestedClusterRequest,
  NODE_SIZES,
  NodeSize,
  ResolvedNestedCluster,
  resolveNestedClusterRequest,
} from './request';

/** File of the record in the cluster's folder, and the ConfigMap's name and key. */
export const CLUSTER_RECORD_FILE = 'cluster-spec.yaml';
export const CLUSTER_RECORD_NAME = 'cluster-spec';
export const CLUSTER_RECORD_KEY = 'cluster.yaml';

/** One node as the record keeps it. */
export interface ClusterRecordNode {
  name: string;
  role: 'control-plane' | 'worker';
  /** The MicroK8s channel the node was installed with (cloud-init runs once). */
  channel: string;
  size: NodeSize;
  /** Address per VLAN name. */
  addresses: Record<string, string>;
  /** Being replaced by an upgrade: the next upgrade step removes it. */
  retiring?: boolean;
}

/**
 * What a nested cluster is, written next to its VMs on every change: the
 * request (minus nothing secret: the join token is derived, never recorded)
 * and every node. Day-2 changes read the cluster's current state from here,
 * because the VMs' user-data is sealed and cannot be read back.
 */
export interface ClusterRecord {
  version: 1;
  name: string;
  environment: string;
  owner: string;
  /** The channel new nodes are installed with. */
  channel: string;
  addons: string[];
  storageClass: string;
  vlans: number[];
  sshPublicKeys: string[];
  extraSANs: string[];
  hostSpread: 'required' | 'preferred';
  /** The size of new nodes of each role (a named size or custom). */
  controlPlane: { sizeName: string; size: NodeSize };
  workers: { sizeName: string; size: NodeSize };
  nodes: ClusterRecordNode[];
  /** The API server's virtual IP on the node VLAN (clusters with three control planes). */
  apiAddress?: string;
}

/** The record of a cluster as rendered. */
export function clusterRecordOf(
  cluster: ResolvedNestedCluster,
  nodes: Array<{
    name: string;
    role: 'control-plane' | 'worker';
    size: NodeSize;
    addresses: Record<string, string>;
    channel?: string;
    retiring?: boolean;
  }>,
  apiAddress?: string,
): ClusterRecord {
  return {
    version: 1,
    name: cluster.name,
    environment: cluster.environment,
    owner: cluster.owner,
    channel: cluster.channel,
    // `community` is added by the renderer in front of a community addon
    addons: cluster.addons.filter(a => a !== 'community'),
    storageClass: cluster.storageClass,
    vlans: cluster.vlans.map(v => v.id),
    sshPublicKeys: cluster.sshPublicKeys,
    extraSANs: cluster.extraSANs,
    hostSpread: cluster.hostSpread,
    controlPlane: {
      sizeName: cluster.controlPlane.sizeName,
      size: { ...cluster.controlPlane.size },
    },
    workers: {
      sizeName: cluster.workers.sizeName,
      size: { ...cluster.workers.size },
    },
    nodes: nodes.map(node => ({
      name: node.name,
      role: node.role,
      channel: node.channel ?? cluster.channel,
      size: { ...node.size },
      addresses: { ...node.addresses },
      ...(node.retiring ? { retiring: true } : {}),
    })),
    ...(apiAddress ? { apiAddress } : {}),
  };
}

/** The ConfigMap that carries the record; Argo CD applies it with the VMs, so it is in the cluster's namespace too. */
export function clusterRecordObject(record: ClusterRecord): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: CLUSTER_RECORD_NAME,
      namespace: record.name,
      labels: {
        [LABELS.managedBy]: 'proficientnow-platform-portal',
        [LABELS.cluster]: record.name,
        [LABELS.environment]: record.environment,
        [LABELS.owner]: groupName(record.owner),
      },
    },
    data: { [CLUSTER_RECORD_KEY]: toYaml(record) },
  };
}

/** Where a cluster's folder is, for each environment it could be in. */
export function candidateClusterFolders(
  layout: GitOpsLayout,
  name: string,
): string[] {
  return ENVIRONMENTS.map(env => `${layout.clustersPath}/${env}/${name}`);
}

/** A cluster as read from the repository: its record and its folder. */
export interface RecordedCluster {
  folder: string;
  record: ClusterRecord;
  /** The record checked like a request, with the platform's rules. */
  cluster: ResolvedNestedCluster;
}

/** The named size when the record's size is exactly it; otherwise the size itself, checked as a custom size. */
function sizeRequest(
  sizeName: string | undefined,
  size: NodeSize | undefined,
): NamedSize | NodeSize {
  const named = NODE_SIZES[sizeName as NamedSize] as NodeSize | undefined;
  return named &&
    named.cpu === size?.cpu &&
    named.memoryGiB === size?.memoryGiB &&
    named.diskGiB === size?.diskGiB
    ? (sizeName as NamedSize)
    : (size as NodeSize);
}

/** The record as the request it would be, for the same checks a new cluster gets. */
export function recordAsRequest(record: ClusterRecord): NestedClusterRequest {
  // the record comes from the repository: any part of it may be missing
  const nodes = Array.isArray(record.nodes) ? record.nodes : [];
  // nodes being replaced by an upgrade are not counted: their replacements are
  const count = (role: string) =>
    nodes.filter(n => n?.role === role && !n.retiring).length;
  return {
    name: record.name,
    environment: record.environment as NestedClusterRequest['environment'],
    owner: record.owner,
    controlPlane: {
      count: count('control-plane') as 1 | 3,
      size: sizeRequest(
        record.controlPlane?.sizeName,
        record.controlPlane?.size,
      ),
    },
    workers: {
      count: count('worker'),
      size: sizeRequest(record.workers?.sizeName, record.workers?.size),
    },
    channel: record.channel,
    addons: record.addons,
    storageClass: record.storageClass,
    vlans: record.vlans,
    sshPublicKeys: record.sshPublicKeys,
    extraSANs: record.extraSANs,
    hostSpread: record.hostSpread,
  };
}

const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The problems of the nodes list, which the request schema does not cover. */
function nodeProblems(record: ClusterRecord): RequestIssue[] {
  const problems: RequestIssue[] = [];
  if (!Array.isArray(record.nodes) || record.nodes.length === 0)
    return [{ field: 'nodes', rule: 'must list the nodes of the cluster' }];
  const seen = new Set<string>();
  record.nodes.forEach((node, i) => {
    const field = `nodes[${i}]`;
    if (!node || typeof node !== 'object') {
      problems.push({ field, rule: 'must be an object' });
      return;
    }
    if (
      typeof node.name !== 'string' ||
      !NODE_NAME.test(node.name) ||
      !node.name.startsWith(`${record.name}-`)
    )
      problems.push({
        field: `${field}.name`,
        rule: `must be a node name starting with ${record.name}-`,
      });
    else if (seen.has(node.name))
      problems.push({ field: `${field}.name`, rule: 'is listed twice' });
    seen.add(node.name);
    if (node.role !== 'control-plane' && node.role !== 'worker')
      problems.push({
        field: `${field}.role`,
        rule: 'must be control-plane or worker',
      });
    const size = node.size as Partial<NodeSize> | undefined;
    for (const key of ['cpu', 'memoryGiB', 'diskGiB'] as const)
      if (!Number.isInteger(size?.[key]) || (size?.[key] ?? 0) < 1)
        problems.push({
          field: `${field}.size.${key}`,
          rule: 'must be a positive integer',
        });
    if (
      !node.addresses ||
      typeof node.addresses !== 'object' ||
      Object.values(node.addresses).some(a => typeof a !== 'string')
    )
      problems.push({
        field: `${field}.addresses`,
        rule: 'must map VLAN names to addresses',
      });
    if (node.retiring !== undefined && typeof node.retiring !== 'boolean')
      problems.push({
        field: `${field}.retiring`,
        rule: 'must be true or false',
      });
    if (typeof node.channel !== 'string')
      problems.push({ field: `${field}.channel`, rule: 'must be a channel' });
  });
  return problems;
}

/** Thrown when the cluster is not in the repository, or its record cannot be trusted. */
export class ClusterRecordError extends RequestValidationError {}

/**
 * Reads a nested cluster's record from the repository and checks it as
 * strictly as a new request (the repository is not trusted either). The
 * error names the field of the form (`name`) when the cluster is not there,
 * and the file and field when its record is wrong.
 */
export function readClusterRecord(
  text: (path: string) => string | undefined,
  layout: GitOpsLayout,
  name: string,
  platform: NestedClusterPlatform,
): RecordedCluster {
  const found = candidateClusterFolders(layout, name)
    .map(folder => ({
      folder,
      content: text(`${folder}/${CLUSTER_RECORD_FILE}`),
    }))
    .filter(f => f.content !== undefined);
  if (found.length === 0) {
    const folders = candidateClusterFolders(layout, name).filter(
      folder => text(`${folder}/kustomization.yaml`) !== undefined,
    );
    throw new ClusterRecordError([
      {
        field: 'name',
        rule: folders.length
          ? `the cluster ${name} (${folders[0]}) has no ${CLUSTER_RECORD_FILE}: it was created before the portal recorded clusters, so the portal cannot know its channel, addons and SSH keys; add the record by hand or re-create the cluster`
          : `no nested cluster named ${JSON.stringify(
              name,
            )} in the repository (looked for ${
              layout.clustersPath
            }/<environment>/${name}/${CLUSTER_RECORD_FILE})`,
      },
    ]);
  }
  if (found.length > 1)
    throw new ClusterRecordError([
      {
        field: 'name',
        rule: `the cluster ${name} is in more than one environment folder (${found
          .map(f => f.folder)
          .join(', ')}); the repository must hold it once`,
      },
    ]);
  const [{ folder, content }] = found;
  const where = `${folder}/${CLUSTER_RECORD_FILE}`;
  let record: ClusterRecord;
  try {
    const documents = parseAllDocuments(content!);
    const list = Array.isArray(documents) ? documents : [documents];
    const configMap = list[0]?.toJS({ maxAliasCount: 0 }) as KubeObject & {
      data?: Record<string, unknown>;
    };
    const inner = configMap?.data?.[CLUSTER_RECORD_KEY];
    if (configMap?.kind !== 'ConfigMap' || typeof inner !== 'string')
      throw new Error(
        `must be a ConfigMap with the record under data.${CLUSTER_RECORD_KEY}`,
      );
    record = parse(inner, { maxAliasCount: 0 }) as ClusterRecord;
    if (!record || typeof record !== 'object' || record.version !== 1)
      throw new Error('holds no record of version 1');
  } catch (error) {
    throw new ClusterRecordError([
      { field: where, rule: (error as Error).message.split('\n')[0] },
    ]);
  }
  const issues = [...nodeProblems(record)];
  if (
    record.apiAddress !== undefined &&
    (typeof record.apiAddress !== 'string' ||
      parseIPv4(record.apiAddress) === undefined)
  )
    issues.push({ field: 'apiAddress', rule: 'must be an IPv4 address' });
  if (record.name !== name)
    issues.push({ field: 'name', rule: `must be ${name} (the folder's name)` });
  if (!folder.endsWith(`/${record.environment}/${name}`))
    issues.push({
      field: 'environment',
      rule: `must match the folder ${folder}`,
    });
  let cluster: ResolvedNestedCluster | undefined;
  try {
    cluster = resolveNestedClusterRequest(recordAsRequest(record), platform);
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0)
    throw new ClusterRecordError(
      issues.map(i => ({ field: `${where}: ${i.field}`, rule: i.rule })),
    );
  return { folder, record, cluster: cluster! };
}
