/**
 * The portal's one health model and the rules that fill it.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './rollup';
export * from './permissions';
export * from './rules/ceph';
export * from './rules/kubernetes';
export * from './rules/argocd';
export * from './rules/kubevirt';
export * from './rules/cilium';
export * from './rules/cephMetrics';
export * from './rules/ciliumMetrics';
