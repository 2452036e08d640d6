/** One live Application as a corpus expected.yaml writes it. */
export interface CorpusLiveApplication {
  name: string;
  /** Argo CD's tracking-id annotation. */
  tracking?: string;
  /** Argo CD's instance label (label tracking). */
  instance?: string;
  /** The ApplicationSet that generated it. */
  applicationSet?: string;
}

/** The infra-health plugin's answer for `GET /clusters/:cluster/argocd/applications`. */
export function liveAnswer(cluster: string, live: CorpusLiveApplication[]) {
  return {
    cluster,
    observedAt: '2026-12-07T09:00:00.000Z',
    applications: live.map(app => ({
      metadata: {
        name: app.name,
        namespace: 'argocd',
        ...(app.instance
          ? { labels: { 'app.kubernetes.io/instance': app.instance } }
          : {}),
        ...(app.tracking
          ? { annotations: { 'argocd.argoproj.io/tracking-id': app.tracking } }
          : {}),
        ...(app.applicationSet
          ? { owners: [{ kind: 'ApplicationSet', name: app.applicationSet }] }
          : {}),
      },
      status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
    })),
  };
}
