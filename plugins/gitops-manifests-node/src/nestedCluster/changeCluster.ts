import { GitOpsLayout } from '@proficientnow/backstage-plugin-gitops-common';
import { parseAllDocuments } from 'yaml';
import { integerInRange, snapChannel } from '../requests/fieldRules';
import { RequestValidationError } from '../requests/RequestValidationError';
import {
  parseAllocationIndex,
  serializeAllocationIndex,
  ALLOCATION_INDEX_FILE,
} from '../repository/allocationIndex';
import {
  allocationFilePath,
  parseAllocationPath,
} from '../repository/addressAllocations';
import { RecordedCluster } from './clusterRecord';
import {
  ClusterNodesChange,
  nestedClusterApplicationPath,
  NestedClusterNode,
  newNodes,
  nodeAllocationFiles,
  nodeNumber,
  orderedNodes,
  renderClusterNodesChange,
  NodeRenderOptions,
} from './renderNestedCluster';
import { parseRequest, requestZod } from '../requests/requestSchema';
import {
  NestedClusterPlatform,
  nodeSizeFields,
  NodeSize,
  sizeOf,
} from './request';

/** What one file of a change does, for the pull request. */
export interface FileNote {
  path: string;
  change: 'added' | 'changed' | 'removed';
  why: string;
}

/** A day-2 change to a nested cluster, ready to validate and propose. */
export interface ClusterChange {
  /** Files rendered as objects, or edited as text (validated like a new cluster's). */
  rendered: ClusterNodesChange & { textFiles?: Map<string, string> };
  /** Files that are not objects (allocations, the old index). */
  extraFiles: Map<string, string>;
  deletions: string[];
  /** The change in words, e.g. "workers 2 → 4: adds ... at ...". */
  summary: string;
  /** What a merge does, step by step. */
  onMerge: string[];
  notes: FileNote[];
}

/** What every cluster change needs: the node render options and the repository layout. */
export type ChangeOptions = NodeRenderOptions & { layout: GitOpsLayout };

/** What the two files that list a cluster's nodes do in a change of its node set. */
function nodeSetNotes(folder: string): FileNote[] {
  return [
    {
      path: `${folder}/kustomization.yaml`,
      change: 'changed',
      why: 'lists the node files',
    },
    {
      path: `${folder}/cluster-spec.yaml`,
      change: 'changed',
      why: 'records the nodes',
    },
  ];
}

/** The files and addresses of nodes that go: their node files and allocation files, deleted. */
function removedNodes(
  folder: string,
  clustersPath: string,
  nodes: NestedClusterNode[],
  why: (node: NestedClusterNode) => string,
): { deletions: string[]; notes: FileNote[] } {
  const deletions: string[] = [];
  const notes: FileNote[] = [];
  for (const node of nodes) {
    const path = `${folder}/${node.name}.yaml`;
    deletions.push(path);
    notes.push({ path, change: 'removed', why: why(node) });
    for (const [vlan, address] of Object.entries(node.addresses)) {
      const allocation = allocationFilePath(clustersPath, vlan, address);
      deletions.push(allocation);
      notes.push({
        path: allocation,
        change: 'removed',
        why: 'frees the address',
      });
    }
  }
  return { deletions, notes };
}

function refuse(field: string, rule: string): never {
  throw new RequestValidationError([{ field, rule }]);
}

function recordNodes(recorded: RecordedCluster): NestedClusterNode[] {
  return recorded.record.nodes.map(n => ({
    name: n.name,
    role: n.role,
    size: { ...n.size },
    addresses: { ...n.addresses },
    channel: n.channel,
    ...(n.retiring ? { retiring: true } : {}),
  }));
}

/** Scaling and resizing wait until an upgrade under way has removed the nodes it replaced. */
function refuseDuringUpgrade(recorded: RecordedCluster): void {
  const retiring = recorded.record.nodes.filter(n => n.retiring);
  if (retiring.length)
    refuse(
      'name',
      `an upgrade of ${recorded.cluster.name} to ${
        recorded.record.channel
      } is under way (${retiring
        .map(n => n.name)
        .join(', ')} to be removed): finish it first`,
    );
}

/** "192.168.105.24 and .25": the node VLAN addresses, the shared prefix said once. */
function addressList(addresses: string[]): string {
  if (addresses.length === 0) return '';
  const prefix = addresses[0].slice(0, addresses[0].lastIndexOf('.') + 1);
  const rest = addresses.map((a, i) =>
    i > 0 && a.startsWith(prefix) ? a.slice(prefix.length - 1) : a,
  );
  return rest.length === 1
    ? rest[0]
    : `${rest.slice(0, -1).join(', ')} and ${rest[rest.length - 1]}`;
}

function nameList(names: string[]): string {
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Scales a cluster's workers to `workerCount`. Up: new workers numbered
 * after the highest, on addresses nobody holds, joining a control-plane
 * node that exists, with the token the cluster was created with; every
 * existing node's file is left as it is. Down: the highest-numbered workers
 * go, with their allocations. Undefined when the count does not change.
 */
export async function planScaleWorkers(
  recorded: RecordedCluster,
  workerCount: unknown,
  platform: NestedClusterPlatform,
  taken: Iterable<string>,
  options: ChangeOptions,
): Promise<ClusterChange | undefined> {
  const rule = integerInRange(workerCount, 0, platform.maxWorkers);
  if (rule) refuse('workerCount', rule);
  refuseDuringUpgrade(recorded);
  const wanted = workerCount as number;
  const { cluster, folder } = recorded;
  const nodes = recordNodes(recorded);
  const workers = orderedNodes(nodes.filter(n => n.role === 'worker'));
  if (wanted === workers.length) return undefined;
  const notes: FileNote[] = [];
  const extraFiles = new Map<string, string>();
  const deletions: string[] = [];
  let after: NestedClusterNode[];
  let added: NestedClusterNode[] = [];
  let summary: string;
  const onMerge: string[] = [];
  const vlan = cluster.nodeVlan.name;
  if (wanted > workers.length) {
    // addresses already held by this cluster stay blocked too
    const blocked = new Set(taken);
    for (const node of nodes)
      for (const a of Object.values(node.addresses)) blocked.add(a);
    if (recorded.record.apiAddress) blocked.add(recorded.record.apiAddress);
    added = newNodes(
      cluster,
      [
        {
          role: 'worker',
          count: wanted - workers.length,
          after: Math.max(0, ...workers.map(w => nodeNumber(w.name))),
        },
      ],
      blocked,
    );
    after = [...nodes, ...added];
    for (const [path, content] of nodeAllocationFiles(
      options.layout,
      cluster,
      added,
    )) {
      extraFiles.set(path, content);
      notes.push({ path, change: 'added', why: 'claims the address' });
    }
    summary = `workers ${workers.length} → ${wanted}: adds ${nameList(
      added.map(n => n.name),
    )} at ${addressList(added.map(n => n.addresses[vlan]))}`;
    onMerge.push(
      `Argo CD creates the new VirtualMachines and their root disks in the ${cluster.name} namespace.`,
      `On first boot each new node installs MicroK8s ${
        cluster.channel
      } and joins ${
        orderedNodes(nodes).find(n => n.role === 'control-plane')!.name
      } as a worker, with the token the cluster was created with.`,
      'The existing nodes are not touched: their files are unchanged.',
    );
  } else {
    const removed = workers.slice(wanted);
    const removedNames = new Set(removed.map(n => n.name));
    after = nodes.filter(n => !removedNames.has(n.name));
    const gone = removedNodes(
      folder,
      options.layout.clustersPath,
      removed,
      node => `removes ${node.name} (VirtualMachine, root disk, cloud-init)`,
    );
    deletions.push(...gone.deletions);
    notes.push(...gone.notes);
    summary = `workers ${workers.length} → ${wanted}: removes ${nameList(
      removed.map(n => n.name),
    )} (${addressList(removed.map(n => n.addresses[vlan]))})`;
    const drain = removed
      .map(
        n =>
          `microk8s kubectl drain ${n.name} --ignore-daemonsets --delete-emptydir-data && microk8s kubectl delete node ${n.name}`,
      )
      .join('\n');
    onMerge.push(
      `Before merging, drain the workers that go, so their pods move to the others:\n\n\`\`\`sh\n${drain}\n\`\`\``,
      cluster.environment === 'prod'
        ? `Argo CD does not prune prod clusters on its own: after the merge the Application cluster-${cluster.name} shows the removed VMs as needing pruning; a platform engineer prunes them (Sync with Prune), which deletes the VMs and their root disks.`
        : `Argo CD prunes the removed VirtualMachines and deletes their root disks (the data on them is lost).`,
    );
  }
  const rendered = await renderClusterNodesChange(
    cluster,
    folder,
    after,
    added,
    { ...options, apiVip: recorded.record.apiAddress },
  );
  for (const node of added)
    notes.push({
      path: `${folder}/${node.name}.yaml`,
      change: 'added',
      why: `${node.name}: VirtualMachine, root disk and sealed cloud-init`,
    });
  notes.push(...nodeSetNotes(folder));
  return { rendered, extraFiles, deletions, summary, onMerge, notes };
}

/** A new size for one role: a named size or cpu, memory and disk. */
export type ResizeRequest = {
  role: 'control-plane' | 'worker';
  size: string | NodeSize;
};

/** The requested size, checked by the same rules as a new cluster's sizes. */
function checkedSize(value: string | NodeSize) {
  const { size } = parseRequest(
    requestZod.object({ size: nodeSizeFields(requestZod).size() }),
    { size: value },
  );
  return sizeOf(size);
}

/**
 * Resizes every node of a role. CPU and memory change in each VM's spec
 * (edited in place: the node's sealed cloud-init and the rest of its file
 * stay byte-identical). A root disk cannot grow through Git (CDI keeps a
 * DataVolume's spec immutable), so the new disk size applies to nodes added
 * later and existing disks keep theirs; a smaller disk is refused.
 */
export async function planResize(
  recorded: RecordedCluster,
  request: ResizeRequest,
  text: (path: string) => string | undefined,
): Promise<ClusterChange | undefined> {
  if (request.role !== 'control-plane' && request.role !== 'worker')
    refuse('role', 'must be control-plane or worker');
  const { size, sizeName } = checkedSize(request.size);
  refuseDuringUpgrade(recorded);
  const { cluster, folder, record } = recorded;
  const current =
    request.role === 'control-plane' ? record.controlPlane : record.workers;
  const nodes = record.nodes.filter(n => n.role === request.role);
  if (nodes.length === 0)
    refuse('role', `the cluster ${cluster.name} has no ${request.role} nodes`);
  const textFiles = new Map<string, string>();
  const largestDisk = Math.max(...nodes.map(n => n.size.diskGiB));
  if (size.diskGiB < largestDisk)
    refuse(
      'size.diskGiB',
      `must be at least ${largestDisk} GiB: root disks do not shrink (${request.role} nodes have ${largestDisk} GiB)`,
    );
  const same = (a: NodeSize, b: NodeSize) =>
    a.cpu === b.cpu && a.memoryGiB === b.memoryGiB && a.diskGiB === b.diskGiB;
  if (
    same(current.size, size) &&
    nodes.every(
      n => n.size.cpu === size.cpu && n.size.memoryGiB === size.memoryGiB,
    )
  )
    return undefined;
  const notes: FileNote[] = [];
  for (const node of nodes) {
    if (node.size.cpu === size.cpu && node.size.memoryGiB === size.memoryGiB)
      continue;
    const path = `${folder}/${node.name}.yaml`;
    const content = text(path);
    if (content === undefined)
      refuse('name', `the node file ${path} is missing from the repository`);
    textFiles.set(path, resizedNodeFile(path, content, node.name, size));
    notes.push({
      path,
      change: 'changed',
      why: `${node.name}: ${node.size.cpu} → ${size.cpu} vCPU, ${node.size.memoryGiB} → ${size.memoryGiB} GiB`,
    });
  }
  const after = record.nodes.map(n =>
    n.role === request.role
      ? { ...n, size: { ...size, diskGiB: n.size.diskGiB } }
      : n,
  );
  const resized = {
    ...cluster,
    [request.role === 'control-plane' ? 'controlPlane' : 'workers']: {
      ...(request.role === 'control-plane'
        ? cluster.controlPlane
        : cluster.workers),
      size,
      sizeName,
    },
  };
  // no node is added: only the record is rendered (the kustomization does not change)
  const rendered = await renderClusterNodesChange(
    resized,
    folder,
    after as NestedClusterNode[],
    [],
    { apiVip: record.apiAddress },
  );
  notes.push({
    path: `${folder}/cluster-spec.yaml`,
    change: 'changed',
    why: 'records the new size',
  });
  const describe = (s: NodeSize) =>
    `${s.cpu} vCPU, ${s.memoryGiB} GiB, ${s.diskGiB} GiB disk`;
  return {
    rendered: {
      ...rendered,
      files: rendered.files.filter(f => f.path.endsWith('/cluster-spec.yaml')),
      textFiles,
    },
    extraFiles: new Map(),
    deletions: [],
    summary: `${request.role} nodes ${describe(current.size)} → ${describe(
      size,
    )}${sizeName !== 'custom' ? ` (${sizeName})` : ''}`,
    onMerge: [
      `Argo CD updates the ${request.role} VirtualMachines' CPU and memory. KubeVirt applies the new size at the next restart of each VM (the VM shows the RestartRequired condition): restart them one at a time, draining first (\`virtctl restart <vm> -n ${cluster.name}\`).`,
      size.diskGiB > largestDisk
        ? `Root disks keep their size (${largestDisk} GiB): a DataVolume cannot grow through Git. Nodes added from now on get ${size.diskGiB} GiB.`
        : 'Root disks keep their size.',
    ],
    notes,
  };
}

/** The node file with the VM's cores and memory changed, every other byte as it was. */
function resizedNodeFile(
  path: string,
  content: string,
  node: string,
  size: NodeSize,
): string {
  // one document at a time, so the documents that do not change keep every byte
  const chunks = content.split(/^---\n/m);
  let found = false;
  const out = chunks.map(chunk => {
    const [document] = parseAllDocuments(chunk) as any[];
    if (!document) return chunk;
    if (document.errors?.length)
      refuse(path, `does not parse: ${document.errors[0].message}`);
    if (
      document.get('kind') !== 'VirtualMachine' ||
      document.getIn(['metadata', 'name']) !== node
    )
      return chunk;
    found = true;
    document.setIn(
      ['spec', 'template', 'spec', 'domain', 'cpu', 'cores'],
      size.cpu,
    );
    document.setIn(
      ['spec', 'template', 'spec', 'domain', 'memory', 'guest'],
      `${size.memoryGiB}Gi`,
    );
    return document.toString({ lineWidth: 0, indentSeq: true });
  });
  if (!found) refuse(path, `holds no VirtualMachine ${node}`);
  return out.join('---\n');
}

/**
 * Retires a cluster: removes its folder, its Application and its address
 * allocations (and its entry in the older single index, if there is one).
 */
export function planRetire(
  recorded: RecordedCluster,
  layout: GitOpsLayout,
  paths: string[],
  text: (path: string) => string | undefined,
): ClusterChange {
  const { cluster, folder, record } = recorded;
  const deletions: string[] = [];
  const notes: FileNote[] = [];
  for (const path of paths) {
    if (path.startsWith(`${folder}/`)) {
      deletions.push(path);
      notes.push({ path, change: 'removed', why: 'cluster folder' });
    }
  }
  const application = nestedClusterApplicationPath(layout, cluster.name);
  if (paths.includes(application)) {
    deletions.push(application);
    notes.push({
      path: application,
      change: 'removed',
      why: `the Application cluster-${cluster.name}`,
    });
  }
  const held = new Set([
    ...record.nodes.flatMap(n => Object.values(n.addresses)),
    ...(record.apiAddress ? [record.apiAddress] : []),
  ]);
  for (const path of paths) {
    const allocation = parseAllocationPath(layout.clustersPath, path);
    if (allocation && held.has(allocation.address)) {
      deletions.push(path);
      notes.push({ path, change: 'removed', why: 'frees the address' });
    }
  }
  const extraFiles = new Map<string, string>();
  const indexPath = `${layout.clustersPath}/${ALLOCATION_INDEX_FILE}`;
  const index = parseAllocationIndex(text(indexPath));
  if (index.clusters.some(c => c.cluster === cluster.name)) {
    extraFiles.set(
      indexPath,
      serializeAllocationIndex({
        clusters: index.clusters.filter(c => c.cluster !== cluster.name),
      }),
    );
    notes.push({
      path: indexPath,
      change: 'changed',
      why: 'frees the addresses',
    });
  }
  return {
    rendered: { nodes: [], files: [], sealedPlaintexts: [], embedded: [] },
    extraFiles,
    deletions: deletions.sort(),
    summary: `retires ${cluster.name} (${cluster.environment}): ${record.nodes.length} nodes, ${held.size} addresses freed`,
    onMerge: [
      `Argo CD deletes the Application cluster-${cluster.name}; its resources finalizer deletes every VirtualMachine, root disk and secret of the cluster and the ${cluster.name} namespace. The data on the nodes is lost.`,
      `The catalog drops resource:default/${cluster.name} at its next refresh.`,
    ],
    notes,
  };
}

/** `1.32` of `1.32/stable`; undefined for `latest`. */
function minorOf(channel: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(channel);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * One step of upgrading a cluster's MicroK8s channel by rolling
 * replacement (cloud-init runs once, so changing a running node's user-data
 * upgrades nothing). Each call plans the next step from the record:
 *
 * - when nodes are marked as replaced, it removes them (their replacements
 *   joined on the new channel in the step before);
 * - otherwise it adds new nodes on the new channel for the next batch of
 *   nodes still on an older one (a quarter of the workers, at least one;
 *   when no worker is left, one control plane) and marks those replaced.
 *
 * Undefined when every node runs the channel already.
 */
export async function planUpgrade(
  recorded: RecordedCluster,
  channel: unknown,
  taken: Iterable<string>,
  options: ChangeOptions,
): Promise<ClusterChange | undefined> {
  const rule = snapChannel(channel);
  if (rule) refuse('channel', rule);
  const target = channel as string;
  const { cluster, folder, record } = recorded;
  const from = minorOf(record.channel);
  const to = minorOf(target);
  if (from && to) {
    if (to[0] < from[0] || (to[0] === from[0] && to[1] < from[1]))
      refuse(
        'channel',
        `MicroK8s is not downgraded: ${cluster.name} is on ${record.channel}`,
      );
    if (to[0] === from[0] && to[1] > from[1] + 1)
      refuse(
        'channel',
        `upgrade one minor version at a time, as Kubernetes supports: ${
          record.channel
        } → ${from[0]}.${from[1] + 1}, then on`,
      );
  }
  const nodes = recordNodes(recorded);
  const retiring = nodes.filter(n => n.retiring);
  const upgraded = { ...cluster, channel: target };
  const notes: FileNote[] = [];
  const vlan = cluster.nodeVlan.name;
  if (retiring.length) {
    if (record.channel !== target)
      refuse(
        'channel',
        `an upgrade of ${cluster.name} to ${record.channel} is under way: finish it (request ${record.channel} again) before another`,
      );
    const gone = new Set(retiring.map(n => n.name));
    const after = nodes.filter(n => !gone.has(n.name));
    const { deletions, notes: removals } = removedNodes(
      folder,
      options.layout.clustersPath,
      retiring,
      node => `${node.name} (${node.channel}), replaced`,
    );
    notes.push(...removals);
    const rendered = await renderClusterNodesChange(
      upgraded,
      folder,
      after,
      [],
      { ...options, apiVip: record.apiAddress },
    );
    notes.push(...nodeSetNotes(folder));
    const left = after.filter(n => n.channel !== target).length;
    const commands = retiring
      .map(n =>
        n.role === 'control-plane'
          ? `microk8s kubectl drain ${n.name} --ignore-daemonsets --delete-emptydir-data\n# on ${n.name}: microk8s leave\n# on another control plane: microk8s remove-node ${n.name}`
          : `microk8s kubectl drain ${n.name} --ignore-daemonsets --delete-emptydir-data && microk8s kubectl delete node ${n.name}`,
      )
      .join('\n');
    return {
      rendered,
      extraFiles: new Map(),
      deletions,
      summary: `MicroK8s ${target}: removes ${nameList(
        retiring.map(n => n.name),
      )}, replaced${
        left ? ` (${left} nodes left on an older channel)` : ' (upgrade done)'
      }`,
      onMerge: [
        `Before merging, check that the replacements are Ready on ${target} (\`microk8s kubectl get nodes -o wide\`), then take the replaced nodes out:\n\n\`\`\`sh\n${commands}\n\`\`\``,
        cluster.environment === 'prod'
          ? `Argo CD does not prune prod clusters on its own: a platform engineer prunes the removed VMs in Argo CD after the merge.`
          : 'Argo CD prunes the removed VMs and deletes their root disks.',
        left
          ? `Then request the upgrade to ${target} again: the next pull request adds the next batch.`
          : 'Every node now runs the new channel.',
      ],
      notes,
    };
  }
  const old = nodes.filter(n => n.channel !== target);
  if (old.length === 0) {
    if (record.channel === target) return undefined;
    const rendered = await renderClusterNodesChange(
      upgraded,
      folder,
      nodes,
      [],
      {
        ...options,
        apiVip: record.apiAddress,
      },
    );
    return {
      rendered: {
        ...rendered,
        files: rendered.files.filter(f =>
          f.path.endsWith('/cluster-spec.yaml'),
        ),
      },
      extraFiles: new Map(),
      deletions: [],
      summary: `MicroK8s ${record.channel} → ${target} for nodes added from now on (every node runs it already)`,
      onMerge: [
        'Nothing changes in the cluster; new nodes install the new channel.',
      ],
      notes: [
        {
          path: `${folder}/cluster-spec.yaml`,
          change: 'changed',
          why: 'records the channel',
        },
      ],
    };
  }
  const oldWorkers = old.filter(n => n.role === 'worker');
  const workerCount = nodes.filter(n => n.role === 'worker').length;
  const batch = oldWorkers.length
    ? orderedNodes(oldWorkers).slice(0, Math.max(1, Math.ceil(workerCount / 4)))
    : orderedNodes(old.filter(n => n.role === 'control-plane')).slice(0, 1);
  const role = batch[0].role;
  const blocked = new Set(taken);
  for (const node of nodes)
    for (const a of Object.values(node.addresses)) blocked.add(a);
  if (record.apiAddress) blocked.add(record.apiAddress);
  const added = newNodes(
    upgraded,
    [
      {
        role,
        count: batch.length,
        after: Math.max(
          0,
          ...nodes.filter(n => n.role === role).map(n => nodeNumber(n.name)),
        ),
      },
    ],
    blocked,
  );
  const replaced = new Set(batch.map(n => n.name));
  const after = [
    ...nodes.map(n => (replaced.has(n.name) ? { ...n, retiring: true } : n)),
    ...added,
  ];
  const rendered = await renderClusterNodesChange(
    upgraded,
    folder,
    after,
    added,
    { ...options, apiVip: record.apiAddress },
  );
  const extraFiles = new Map<string, string>();
  for (const [path, content] of nodeAllocationFiles(
    options.layout,
    cluster,
    added,
  )) {
    extraFiles.set(path, content);
    notes.push({ path, change: 'added', why: 'claims the address' });
  }
  for (const node of added)
    notes.push({
      path: `${folder}/${node.name}.yaml`,
      change: 'added',
      why: `${node.name} on ${target}`,
    });
  notes.push(
    {
      path: `${folder}/kustomization.yaml`,
      change: 'changed',
      why: 'lists the node files',
    },
    {
      path: `${folder}/cluster-spec.yaml`,
      change: 'changed',
      why: `records the new nodes, and ${nameList([...replaced])} as replaced`,
    },
  );
  const rest = old.length - batch.length;
  return {
    rendered,
    extraFiles,
    deletions: [],
    summary: `MicroK8s ${batch[0].channel} → ${target}: adds ${nameList(
      added.map(n => n.name),
    )} at ${addressList(
      added.map(n => n.addresses[vlan]),
    )} to replace ${nameList(batch.map(n => n.name))}${
      rest ? ` (${rest} more nodes to replace after this)` : ''
    }`,
    onMerge: [
      `Argo CD creates ${nameList(
        added.map(n => n.name),
      )}; on first boot each installs MicroK8s ${target} and joins as a ${role}. The nodes they replace keep running: their files do not change.`,
      `When the new nodes are Ready (\`microk8s kubectl get nodes -o wide\` shows ${
        target.split('/')[0]
      }), request the upgrade to ${target} again: the next pull request removes ${nameList(
        batch.map(n => n.name),
      )} and says how to drain ${batch.length > 1 ? 'them' : 'it'} first.`,
      role === 'control-plane'
        ? 'Control planes are replaced one per pull request, so the cluster keeps its quorum.'
        : 'Workers are replaced in batches of a quarter of the workers, then the control planes one at a time.',
    ],
    notes,
  };
}
