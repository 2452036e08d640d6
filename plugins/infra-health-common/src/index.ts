/**
 * The portal's one health model, the parsers that check each source's
 * answer before it is judged, and the rules that judge them.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './rollup';
export * from './permissions';
export type { Parsed } from './parse/shape';
export type { DetailedCondition, KubernetesCondition } from './parse/shape';
export { MAX_COUNT, Fields, ShapeError } from './parse/shape';
export * from './parse/kubernetesObjects';
export * from './parse/nodes';
export * from './parse/readyz';
export * from './parse/argocd';
export * from './parse/kubevirt';
export * from './parse/customResources';
export * from './parse/rook';
export * from './parse/cilium';
export * from './parse/prometheus';
export * from './rules/ceph';
export * from './rules/kubernetes';
export * from './rules/argocd';
export * from './rules/kubevirt';
export * from './rules/customResources';
export * from './rules/cilium';
export * from './rules/cephMetrics';
export * from './rules/ciliumMetrics';
