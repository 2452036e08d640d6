import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  findCatalogueComponent,
  PORTAL_COMPONENT_NAME,
  PortalDeploymentRequest,
  renderPortalDeployment,
  resolvePortalDeploymentRequest,
} from '@internal/plugin-gitops-manifests-node';
import { portalPullRequestBody } from '../pullRequestBody';
import { withoutEmptyFields } from './inputs';
import {
  GitOpsActionDeps,
  renderOutputSchema,
  runRenderPipeline,
} from './renderPipeline';
import { portalSecretsFrom } from './portalSecrets';
import { examples } from './renderPortal.examples';

export const RENDER_PORTAL_ACTION_ID = 'gitops:portal:render';

/** The environment the portal runs in: the HA platform cluster itself. */
const PORTAL_ENVIRONMENT = 'platform';

/**
 * Renders the portal's own deployment onto the platform cluster (the
 * catalogue component platform-portal) with its secret values sealed. The
 * values come from the task's secrets (the template's `ui:field: Secret`
 * fields), never from the step input, so they are in neither the task's
 * parameters nor its log.
 */
export function createRenderPortalAction(deps: GitOpsActionDeps) {
  return createTemplateAction({
    id: RENDER_PORTAL_ACTION_ID,
    description:
      "Renders the portal's own deployment (Deployment, Service, TLS Ingress, app-config, sealed secrets, optional CloudNativePG cluster, Argo CD Application) and validates it. Secret values are read from the task secrets backendSecret, authSessionSecret, oidcClientSecret, githubToken or githubAppPrivateKey/githubAppClientSecret/githubAppWebhookSecret, and postgresPassword.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        hostname: z =>
          z
            .string()
            .describe(
              'Public host name of the portal, e.g. portal.platform.proficientnow.io',
            ),
        image: z =>
          z
            .string()
            .describe(
              'Backend image with a version tag or a digest, e.g. ghcr.io/proficientnow/platform-portal:1.4.0',
            ),
        replicas: z =>
          z.number().optional().describe('Backend replicas; default 2, min 2'),
        certificateIssuer: z =>
          z
            .object({
              name: z
                .string()
                .optional()
                .describe('cert-manager issuer of the TLS certificate'),
              kind: z
                .string()
                .optional()
                .describe('ClusterIssuer (default) or Issuer'),
            })
            .describe('The cert-manager issuer of the TLS certificate'),
        database: z =>
          z
            .object({
              mode: z
                .string()
                .optional()
                .describe(
                  'cloudnative-pg (a cluster next to the portal) or existing',
                ),
              instances: z
                .number()
                .optional()
                .describe('cloudnative-pg: PostgreSQL instances'),
              storageClass: z
                .string()
                .optional()
                .describe('cloudnative-pg: StorageClass, e.g. ceph-rbd'),
              size: z
                .string()
                .optional()
                .describe(
                  'cloudnative-pg: volume size per instance, e.g. 20Gi',
                ),
              host: z.string().optional().describe('existing: host name'),
              port: z
                .number()
                .optional()
                .describe('existing: port; default 5432'),
              database: z
                .string()
                .optional()
                .describe('existing: database name'),
              user: z.string().optional().describe('existing: user'),
              passwordSecret: z
                .object({
                  name: z.string().optional(),
                  key: z.string().optional(),
                })
                .optional()
                .describe(
                  'existing: a Secret in the portal namespace holding the password; without it the postgresPassword secret is sealed',
                ),
            })
            .describe("The portal's PostgreSQL"),
        oidc: z =>
          z
            .object({
              metadataUrl: z
                .string()
                .optional()
                .describe(
                  "OIDC discovery URL of the portal's provider in Authentik",
                ),
              clientId: z.string().optional().describe('OIDC client id'),
            })
            .describe('Sign-in through Authentik (OIDC)'),
        github: z =>
          z
            .object({
              mode: z
                .string()
                .optional()
                .describe('app (a GitHub App) or token (a personal token)'),
              appId: z.number().optional().describe('app: the App id'),
              clientId: z
                .string()
                .optional()
                .describe('app: the App client id'),
            })
            .describe('How the portal talks to GitHub'),
        namespace: z =>
          z.string().optional().describe('Namespace; default platform-portal'),
        ingressClassName: z =>
          z.string().optional().describe('IngressClass; default nginx'),
        owner: z =>
          z
            .string()
            .optional()
            .describe('Owner group; default group:default/platform-engineers'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Workspace folder the repository files are written to'),
      },
      output: {
        ...renderOutputSchema,
        entityRef: z => z.string().describe('Catalog entity of the component'),
        domain: z => z.string(),
      },
    },
    async handler(ctx) {
      const input = (withoutEmptyFields(ctx.input) ?? {}) as Partial<
        typeof ctx.input
      >;
      const { config } = deps.gitops;
      const domain =
        findCatalogueComponent(PORTAL_COMPONENT_NAME)?.domain ??
        'infrastructure';
      const settings = {
        hostname: input.hostname,
        image: input.image,
        replicas: input.replicas,
        certificateIssuer: input.certificateIssuer,
        ingressClassName: input.ingressClassName,
        namespace: input.namespace,
        owner: input.owner,
        database: input.database,
        oidc: input.oidc,
        github: input.github,
      };
      // who may ask comes first: nothing is read, checked or written for someone who may not
      await runRenderPipeline(ctx, deps, {
        // the digest covers the settings, never the secret values
        request: settings,
        targetPath: input.targetPath,
        authorize: { domain, what: 'the deployment of the portal' },
        render: async () => {
          const { secrets, ignored } = portalSecretsFrom(ctx.secrets, settings);
          for (const reason of ignored) {
            ctx.logger.info(`the secret ${reason} is not used and not sealed`);
          }
          const request = {
            ...settings,
            secrets,
          } as unknown as PortalDeploymentRequest;
          resolvePortalDeploymentRequest(request);
          if (!config.sealingCertificatePem) {
            throw new Error(
              "gitops.sealing.certificate is not configured: the portal's secrets cannot be sealed, so the portal cannot be rendered",
            );
          }
          const result = await renderPortalDeployment(request, {
            layout: config.layout,
            sealingCertificatePem: config.sealingCertificatePem,
            addresses: config.addresses,
          });
          return {
            rendered: result,
            // the portal is one component of the catalogue: its change is a component change
            identity: {
              kind: 'component',
              action: 'create',
              target: `component:default/${PORTAL_COMPONENT_NAME}`,
              domain,
              environment: PORTAL_ENVIRONMENT,
            },
            owner: result.portal.owner,
            environment: PORTAL_ENVIRONMENT,
            extraLabels: [`domain:${domain}`],
            title: `Deploy the portal at ${result.portal.hostname}: ${result.portal.image}, ${result.portal.replicas} replicas`,
            body: context =>
              portalPullRequestBody({ ...context, result, domain }),
            outputs: {
              entityRef: `component:default/${PORTAL_COMPONENT_NAME}`,
              domain,
            },
            logLine: (paths, report) =>
              `rendered the portal at ${result.portal.hostname} into ${paths.length} files; ${report.checked.manifests} objects valid, ${result.sealedPlaintexts.length} values sealed`,
          };
        },
      });
    },
  });
}
