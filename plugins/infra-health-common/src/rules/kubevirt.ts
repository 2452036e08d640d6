import { HealthCheck, HealthStatus, statusWhen } from '../model';

const FAILED =
  /^(Error|CrashLoopBackOff|ErrorUnschedulable|ErrImagePull|ImagePullBackOff|ErrorPvcNotFound|ErrorDataVolumeNotFound|DataVolumeError|Unknown)/;

/** The Cluster API label KubeVirt machines of a nested cluster carry. */
export const NESTED_CLUSTER_LABEL = 'cluster.x-k8s.io/cluster-name';

/**
 * KubeVirt rules, for the VMs of nested clusters: a VM in an error state, or
 * whose VirtualMachineInstance failed, is critical; a VM that should run
 * (runStrategy Always, or the deprecated running: true) but is not Ready, or
 * whose running instance is not Ready (the guest stopped answering), is a
 * warning. Each is named; the counts are also given per nested cluster.
 */
export function evaluateVirtualMachines(
  list: any,
  observedAt: string,
  instances?: any,
): HealthCheck[] {
  const vms: any[] = list?.items ?? [];
  const vmis: any[] | undefined = instances?.items;
  const name = (vm: any) =>
    `${vm.metadata?.namespace ? `${vm.metadata.namespace}/` : ''}${
      vm.metadata?.name ?? '?'
    }`;
  const failed = vms
    .filter(vm => FAILED.test(vm.status?.printableStatus ?? ''))
    .map(vm => `${name(vm)} (${vm.status.printableStatus})`);
  const shouldRun = (vm: any) =>
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
  const key = (o: any) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
  const vmiByVm = new Map((vmis ?? []).map(vmi => [key(vmi), vmi]));
  const vmiReady = (vmi: any) =>
    (vmi.status?.conditions ?? []).some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
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
    const cluster = vm.metadata?.labels?.[NESTED_CLUSTER_LABEL];
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
      },
    },
  ];
}
