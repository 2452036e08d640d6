import { HealthCheck, HealthStatus, statusWhen } from '../model';
import {
  listUnreadable,
  MAX_UNREADABLE_DETAILS,
  qualifiedName,
} from '../parse/kubernetesObjects';
import {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceList,
  VirtualMachineList,
} from '../parse/kubevirt';

const FAILED =
  /^(Error|CrashLoopBackOff|ErrorUnschedulable|ErrImagePull|ImagePullBackOff|ErrorPvcNotFound|ErrorDataVolumeNotFound|DataVolumeError|Unknown)/;

/** The Cluster API label KubeVirt machines of a nested cluster carry. */
export const NESTED_CLUSTER_LABEL = 'cluster.x-k8s.io/cluster-name';

/**
 * KubeVirt rules (over parsed lists, see `parseVirtualMachineList` and
 * `parseVirtualMachineInstanceList`), for the VMs of nested clusters: a VM
 * in an error state, or whose VirtualMachineInstance failed, is critical; a
 * VM that should run (runStrategy Always or RerunOnFailure, or the
 * deprecated running: true) but is not Ready, or whose running instance is
 * not Ready (the guest stopped answering), is a warning. Each is named; the
 * counts are also given per nested cluster.
 *
 * A VM or instance that did not parse is named as unreadable, with what was
 * wrong, and makes the check at least unknown; the others are still judged,
 * so a failing VM is not hidden behind one broken object.
 */
export function evaluateVirtualMachines(
  list: VirtualMachineList,
  observedAt: string,
  instances?: VirtualMachineInstanceList,
): HealthCheck[] {
  const vms = list.items;
  const vmis = instances?.items;
  const unreadable = [
    ...(list.unreadable ?? []),
    ...(instances?.unreadable ?? []),
  ];
  const name = (o: VirtualMachine | VirtualMachineInstance) =>
    qualifiedName(o.metadata);
  const failed = vms
    .filter(vm => FAILED.test(vm.status?.printableStatus ?? ''))
    .map(vm => `${name(vm)} (${vm.status?.printableStatus})`);
  const shouldRun = (vm: VirtualMachine) =>
    vm.spec?.runStrategy === 'Always' ||
    vm.spec?.runStrategy === 'RerunOnFailure' ||
    vm.spec?.running === true;
  const notReady = vms
    .filter(
      vm =>
        shouldRun(vm) &&
        !vm.status?.ready &&
        !FAILED.test(vm.status?.printableStatus ?? ''),
    )
    .map(vm => `${name(vm)} (${vm.status?.printableStatus ?? 'no status'})`);
  const key = (o: VirtualMachine | VirtualMachineInstance) =>
    `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const vmiByVm = new Map((vmis ?? []).map(vmi => [key(vmi), vmi]));
  const vmiReady = (vmi: VirtualMachineInstance) =>
    (vmi.status?.conditions ?? []).some(
      c => c.type === 'Ready' && c.status === 'True',
    );
  for (const vmi of vmis ?? []) {
    if (vmi.status?.phase === 'Failed')
      failed.push(`${name(vmi)} (instance Failed)`);
  }
  for (const vm of vms) {
    const vmi = vmiByVm.get(key(vm));
    if (
      vm.status?.ready &&
      vmi &&
      vmi.status?.phase === 'Running' &&
      !vmiReady(vmi)
    )
      notReady.push(`${name(vm)} (instance not Ready)`);
  }
  const byCluster: Record<
    string,
    { vms: number; running: number; ready: number }
  > = {};
  for (const vm of vms) {
    const cluster = vm.metadata.labels?.[NESTED_CLUSTER_LABEL];
    if (!cluster) continue;
    const entry = (byCluster[cluster] ??= { vms: 0, running: 0, ready: 0 });
    entry.vms++;
    if (vm.status?.printableStatus === 'Running') entry.running++;
    const vmi = vmiByVm.get(key(vm));
    if (vm.status?.ready && (!vmis || (vmi && vmiReady(vmi)))) entry.ready++;
  }
  const status: HealthStatus = statusWhen(
    [
      [failed.length > 0, 'critical'],
      [notReady.length > 0, 'warning'],
      [unreadable.length > 0, 'unknown'],
    ],
    'ok',
  );
  return [
    {
      id: 'kubevirt.vms',
      subsystem: 'kubevirt',
      status,
      reason:
        status === 'ok'
          ? `${vms.length} VMs running as intended`
          : [
              failed.length ? `failing: ${failed.join(', ')}` : '',
              notReady.length ? `not ready: ${notReady.join(', ')}` : '',
              unreadable.length
                ? `unreadable: ${listUnreadable(unreadable)}`
                : '',
            ]
              .filter(Boolean)
              .join('; '),
      observedAt,
      details: {
        total: vms.length,
        failed,
        notReady,
        byCluster,
        ...(vmis ? { instances: vmis.length } : {}),
        ...(unreadable.length
          ? { unreadable: unreadable.slice(0, MAX_UNREADABLE_DETAILS) }
          : {}),
      },
    },
  ];
}
