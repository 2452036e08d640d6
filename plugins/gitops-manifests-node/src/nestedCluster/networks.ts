import { LABELS, MANAGED_BY } from '../appOfApps/applications';
import { ParsedVlan } from '../addresses/vlanPlan';
import { KubeObject } from '../model';

/** Namespace that holds the network attachments every nested cluster's VMs share. */
export const NESTED_NETWORKS_NAMESPACE = 'nested-networks';

/** Kube-OVN provider network (underlay) that carries the nested-cluster VLANs. */
export interface UnderlayOptions {
  /** ProviderNetwork name. */
  providerNetwork: string;
  /** Host NIC the VLANs are trunked on (seed RFC 002: the trunk NIC is eno1). */
  defaultInterface: string;
}

export const DEFAULT_UNDERLAY: UnderlayOptions = {
  providerNetwork: 'nested-underlay',
  defaultInterface: 'eno1',
};

/** The Kube-OVN provider string of a VLAN's network attachment. */
export function attachmentProvider(vlan: ParsedVlan): string {
  return `${vlan.name}.${NESTED_NETWORKS_NAMESPACE}.ovn`;
}

/** Annotation on a VM's pod template that pins its address on a VLAN. */
export function staticAddressAnnotation(vlan: ParsedVlan): string {
  return `${attachmentProvider(vlan)}.kubernetes.io/ip_address`;
}

/**
 * The shared objects behind the nested-cluster VLANs: a namespace, the
 * Kube-OVN underlay (ProviderNetwork, Vlan) and, per VLAN, a Multus
 * NetworkAttachmentDefinition of type kube-ovn with its Subnet. Node
 * addresses are pinned per VM by annotation, never by DHCP, so the MicroK8s
 * join address is known when the files are written.
 */
export function buildNestedNetworkObjects(
  vlans: ParsedVlan[],
  underlay: UnderlayOptions,
): KubeObject[] {
  const labels = { [LABELS.managedBy]: MANAGED_BY };
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NESTED_NETWORKS_NAMESPACE, labels },
    },
    {
      apiVersion: 'kubeovn.io/v1',
      kind: 'ProviderNetwork',
      metadata: { name: underlay.providerNetwork, labels },
      spec: { defaultInterface: underlay.defaultInterface },
    },
  ];
  for (const vlan of vlans) {
    objects.push(
      {
        apiVersion: 'kubeovn.io/v1',
        kind: 'Vlan',
        metadata: { name: vlan.name, labels },
        spec: { id: vlan.id, provider: underlay.providerNetwork },
      },
      {
        apiVersion: 'k8s.cni.cncf.io/v1',
        kind: 'NetworkAttachmentDefinition',
        metadata: {
          name: vlan.name,
          namespace: NESTED_NETWORKS_NAMESPACE,
          labels,
          annotations: { 'platform.proficientnow.io/purpose': vlan.purpose },
        },
        spec: {
          config: JSON.stringify({
            cniVersion: '0.3.1',
            type: 'kube-ovn',
            server_socket: '/run/openvswitch/kube-ovn-daemon.sock',
            provider: attachmentProvider(vlan),
          }),
        },
      },
      {
        apiVersion: 'kubeovn.io/v1',
        kind: 'Subnet',
        metadata: { name: vlan.name, labels },
        spec: {
          protocol: 'IPv4',
          provider: attachmentProvider(vlan),
          vlan: vlan.name,
          cidrBlock: vlan.cidr,
          gateway: vlan.gateway,
          // the gateway and reserved ranges never go to a VM
          excludeIps: vlan.reserved,
          // the physical gateway routes the VLAN, not Kube-OVN
          logicalGateway: false,
        },
      },
    );
  }
  return objects;
}
