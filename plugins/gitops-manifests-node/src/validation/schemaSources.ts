/**
 * Which upstream schema validates what: the table from a manifest's
 * `apiVersion kind` to the schema file (under the package's `schemas/`
 * folder) and how to read it (a CRD version, a KubeVirt swagger definition, a
 * Kubernetes OpenAPI v3 component, or a project-written JSON schema), the
 * schema files of the non-manifest documents (cloud-config, network-config
 * v2, MicroK8s launch configuration), and the `$id`s the schemas are
 * registered under. Data only; schemaRegistry reads and compiles it.
 */

/** An apiVersion/kind pair the validator has a schema for. */
export interface SupportedKind {
  apiVersion: string;
  kind: string;
  /** The schema file, relative to the schema directory. */
  schemaFile: string;
}

export type SchemaSource =
  | { type: 'crd'; file: string; version: string }
  | { type: 'swagger'; file: string; definition: string }
  | { type: 'openapi-v3'; file: string; definition: string }
  | { type: 'json'; file: string };

export const SCHEMA_ID_BASE = 'https://gitops-manifests-node.internal/schemas/';
export const OBJECT_META_ID = `${SCHEMA_ID_BASE}objectmeta.schema.json`;
export const KUBEVIRT_SWAGGER_ID = `${SCHEMA_ID_BASE}kubevirt.swagger.json`;
const KUBEVIRT_SWAGGER_FILE =
  'upstream/kubevirt/kubevirt-vm-vmpool-definitions.swagger.json';
export const KUBERNETES_OPENAPI_ID = `${SCHEMA_ID_BASE}kubernetes.openapi-v3.json`;
const KUBERNETES_OPENAPI_FILE =
  'upstream/kubernetes/kubernetes-portal-kinds.openapi-v3.json';

/** Project-written schemas, all registered together (they reference objectmeta). */
export const PROJECT_SCHEMA_FILES = [
  'project/objectmeta.schema.json',
  'project/namespace.schema.json',
  'project/configmap.schema.json',
  'project/secret.schema.json',
  'project/kustomization.schema.json',
];

export const KIND_SCHEMAS: Record<string, SchemaSource> = {
  'argoproj.io/v1alpha1 Application': {
    type: 'crd',
    file: 'upstream/argocd/application-crd.yaml',
    version: 'v1alpha1',
  },
  'argoproj.io/v1alpha1 AppProject': {
    type: 'crd',
    file: 'upstream/argocd/appproject-crd.yaml',
    version: 'v1alpha1',
  },
  'kubevirt.io/v1 VirtualMachine': {
    type: 'swagger',
    file: KUBEVIRT_SWAGGER_FILE,
    definition: 'v1.VirtualMachine',
  },
  'kubevirt.io/v1 VirtualMachineInstance': {
    type: 'swagger',
    file: KUBEVIRT_SWAGGER_FILE,
    definition: 'v1.VirtualMachineInstance',
  },
  'pool.kubevirt.io/v1beta1 VirtualMachinePool': {
    type: 'swagger',
    file: KUBEVIRT_SWAGGER_FILE,
    definition: 'v1beta1.VirtualMachinePool',
  },
  'cdi.kubevirt.io/v1beta1 DataVolume': {
    type: 'crd',
    file: 'upstream/kubevirt/cdi-datavolumes.cdi.kubevirt.io-crd.yaml',
    version: 'v1beta1',
  },
  'k8s.cni.cncf.io/v1 NetworkAttachmentDefinition': {
    type: 'crd',
    file: 'upstream/multus/network-attachment-definitions.k8s.cni.cncf.io-crd.yaml',
    version: 'v1',
  },
  'kubeovn.io/v1 Subnet': {
    type: 'crd',
    file: 'upstream/kube-ovn/subnets.kubeovn.io-crd.yaml',
    version: 'v1',
  },
  'kubeovn.io/v1 Vlan': {
    type: 'crd',
    file: 'upstream/kube-ovn/vlans.kubeovn.io-crd.yaml',
    version: 'v1',
  },
  'kubeovn.io/v1 ProviderNetwork': {
    type: 'crd',
    file: 'upstream/kube-ovn/provider-networks.kubeovn.io-crd.yaml',
    version: 'v1',
  },
  'bitnami.com/v1alpha1 SealedSecret': {
    type: 'crd',
    file: 'upstream/sealed-secrets/bitnami.com_sealedsecrets.yaml',
    version: 'v1alpha1',
  },
  'metallb.io/v1beta1 IPAddressPool': {
    type: 'crd',
    file: 'upstream/metallb/metallb.io_ipaddresspools.yaml',
    version: 'v1beta1',
  },
  'metallb.io/v1beta1 L2Advertisement': {
    type: 'crd',
    file: 'upstream/metallb/metallb.io_l2advertisements.yaml',
    version: 'v1beta1',
  },
  'apps/v1 Deployment': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.apps.v1.Deployment',
  },
  'v1 Service': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.core.v1.Service',
  },
  'v1 ServiceAccount': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.core.v1.ServiceAccount',
  },
  'networking.k8s.io/v1 Ingress': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.networking.v1.Ingress',
  },
  'policy/v1 PodDisruptionBudget': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.policy.v1.PodDisruptionBudget',
  },
  'postgresql.cnpg.io/v1 Cluster': {
    type: 'crd',
    file: 'upstream/cloudnative-pg/postgresql.cnpg.io_clusters.subset.yaml',
    version: 'v1',
  },
  'v1 Namespace': { type: 'json', file: 'project/namespace.schema.json' },
  'v1 ConfigMap': { type: 'json', file: 'project/configmap.schema.json' },
  'v1 Secret': { type: 'json', file: 'project/secret.schema.json' },
  'kustomize.config.k8s.io/v1beta1 Kustomization': {
    type: 'json',
    file: 'project/kustomization.schema.json',
  },
};

export const CLOUD_CONFIG_SCHEMA_FILE =
  'upstream/cloud-init/schema-cloud-config-v1.json';
export const NETWORK_CONFIG_SCHEMA_FILE =
  'upstream/cloud-init/schema-network-config-v2.json';
export const MICROK8S_SCHEMA_FILE =
  'upstream/microk8s/launch-configuration.schema.json';

/** The apiVersion/kind pairs KIND_SCHEMAS has schemas for. */
export function supportedKinds(): SupportedKind[] {
  return Object.entries(KIND_SCHEMAS).map(([key, source]) => {
    const [apiVersion, kind] = key.split(' ');
    return { apiVersion, kind, schemaFile: source.file };
  });
}
