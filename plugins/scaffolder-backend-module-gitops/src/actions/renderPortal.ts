import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertRenderedValid,
  findCatalogueComponent,
  PORTAL_COMPONENT_NAME,
  PortalDeploymentRequest,
  renderPortalDeployment,
  resolvePortalDeploymentRequest,
} from '@internal/plugin-gitops-manifests-node';
import { authorizeGitOpsChange } from '../access';
import { portalPullRequestBody } from '../pullRequestBody';
import { resolveApprovers } from '../reviewers';
import { writeRenderedFiles } from '../workspace';
import { asInputError, componentChangeOutput, GitOpsActionDeps } from './deps';
import { portalSecretsFrom } from './portalSecrets';
import { examples } from './renderPortal.examples';

export const RENDER_PORTAL_ACTION_ID = 'gitops:portal:render';

/** The environment the portal runs in: the HA platform cluster itself. */
const PORTAL_ENVIRONMENT = 'platform';

/**
 * Drops the fields a template left empty ('' or undefined), at any depth; an
 * object left with no fields is dropped too, so the request's own rules say
 * what is missing.
 */
function withoutEmptyFields(value: unknown): unknown {
  if (value === '' || value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([key, field]) => [key, withoutEmptyFields(field)] as const)
    .filter(([, field]) => field !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

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
      output: componentChangeOutput,
    },
    async handler(ctx) {
      const input = (withoutEmptyFields(ctx.input) ?? {}) as Partial<
        typeof ctx.input
      >;
      const targetPath = input.targetPath ?? 'gitops';
      const domain =
        findCatalogueComponent(PORTAL_COMPONENT_NAME)?.domain ??
        'infrastructure';

      // who may ask comes first: nothing is read, checked or written for someone who may not
      const credentials = await ctx.getInitiatorCredentials();
      const { protected: protectedChange } = await authorizeGitOpsChange({
        permissions: deps.permissions,
        credentials,
        rules: deps.config.protectedChanges,
        change: { domain, what: 'the deployment of the portal' },
      });

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
      const { secrets, ignored } = portalSecretsFrom(ctx.secrets, settings);
      for (const reason of ignored) {
        ctx.logger.info(`the secret ${reason} is not used and not sealed`);
      }
      const request = {
        ...settings,
        secrets,
      } as unknown as PortalDeploymentRequest;
      try {
        resolvePortalDeploymentRequest(request);
      } catch (error) {
        asInputError(error);
      }
      if (!deps.config.sealingCertificatePem) {
        throw new Error(
          "gitops.sealing.certificate is not configured: the portal's secrets cannot be sealed, so the portal cannot be rendered",
        );
      }

      let result;
      try {
        result = await renderPortalDeployment(request, {
          layout: deps.config.layout,
          sealingCertificatePem: deps.config.sealingCertificatePem,
        });
      } catch (error) {
        asInputError(error);
      }
      const report = assertRenderedValid(result);
      const paths = await writeRenderedFiles(
        ctx.workspacePath,
        targetPath,
        result.files,
      );
      ctx.logger.info(
        `rendered the portal at ${result.portal.hostname} into ${paths.length} files; ${report.checked.manifests} objects valid, ${result.sealedPlaintexts.length} values sealed`,
      );

      const approvers = await resolveApprovers({
        catalog: deps.catalog,
        credentials,
        owner: result.portal.owner,
        platformTeam: deps.config.platformTeam,
        protectedChange,
        environment: PORTAL_ENVIRONMENT,
      });
      ctx.output('files', paths);
      // the portal is one component of the catalogue: its change uses a component's branch, so the
      // same request updates the same pull request and the pending-changes view reads it like any other
      ctx.output(
        'branchName',
        `gitops/component-${domain}-${PORTAL_COMPONENT_NAME}`,
      );
      ctx.output(
        'title',
        `Deploy the portal at ${result.portal.hostname}: ${result.portal.image}, ${result.portal.replicas} replicas`,
      );
      ctx.output(
        'pullRequestBody',
        portalPullRequestBody({
          result,
          report,
          approvers,
          protectedChange,
          paths,
          domain,
          requestedBy: ctx.user?.ref,
        }),
      );
      ctx.output('labels', [...approvers.labels, `domain:${domain}`]);
      ctx.output('teamReviewers', approvers.teamReviewers);
      ctx.output('entityRef', `component:default/${PORTAL_COMPONENT_NAME}`);
      ctx.output('domain', domain);
    },
  });
}
