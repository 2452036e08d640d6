import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

// The secret values are not step input: the template's `ui:field: Secret`
// fields (backendSecret, authSessionSecret, oidcClientSecret, githubApp...,
// githubToken, postgresPassword) put them in the task's secrets.
export const examples: TemplateExample[] = [
  {
    description:
      'Two replicas with a CloudNativePG cluster, Authentik sign-in and a GitHub App',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:portal:render',
          name: 'Render the portal deployment',
          input: {
            hostname: 'portal.platform.proficientnow.io',
            image: 'ghcr.io/proficientnow/platform-portal:1.4.0',
            replicas: 2,
            certificateIssuer: { name: 'letsencrypt-production' },
            database: {
              mode: 'cloudnative-pg',
              instances: 3,
              storageClass: 'ceph-rbd',
              size: '20Gi',
            },
            oidc: {
              metadataUrl:
                'https://auth.proficientnow.io/application/o/portal/.well-known/openid-configuration',
              clientId: 'platform-portal',
            },
            github: {
              mode: 'app',
              appId: 123456,
              clientId: 'Iv23liPortal000001',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Three replicas pinned by digest, an existing PostgreSQL and a personal GitHub token',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:portal:render',
          name: 'Render the portal deployment',
          input: {
            hostname: 'portal.platform.proficientnow.io',
            image: `ghcr.io/proficientnow/platform-portal@sha256:${'0123456789abcdef'.repeat(
              4,
            )}`,
            replicas: 3,
            certificateIssuer: { name: 'platform-ca', kind: 'Issuer' },
            database: {
              mode: 'existing',
              host: 'postgres-rw.databases.svc',
              port: 5432,
              database: 'portal',
              user: 'portal',
            },
            oidc: {
              metadataUrl:
                'https://auth.proficientnow.io/application/o/portal/.well-known/openid-configuration',
              clientId: 'platform-portal',
            },
            github: { mode: 'token' },
          },
        },
      ],
    }),
  },
];
