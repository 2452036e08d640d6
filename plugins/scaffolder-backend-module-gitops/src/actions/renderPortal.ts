import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  findCatalogueComponent,
  parseRequest,
  PORTAL_COMPONENT_NAME,
  portalSettingsShape,
  PortalDeploymentRequest,
  renderPortalDeployment,
  requestZod,
  withPortalSecrets,
  Zod,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { portalPullRequestBody } from '../pullRequestBody';
import { withoutEmptyFields } from './inputs';
import {
  GitOpsActionDeps,
  outputsOf,
  renderOutputSchema,
  runRenderPipeline,
} from './renderPipeline';
import { portalSecretsFrom } from './portalSecrets';
import { examples } from './renderPortal.examples';

export const RENDER_PORTAL_ACTION_ID = 'gitops:portal:render';

/** The environment the portal runs in: the HA platform cluster itself. */
const PORTAL_ENVIRONMENT = 'platform';

/**
 * The action's input: the portal request's settings, each field with the
 * rule the request gives it. No secret: their values come from the task's
 * secrets (the form's `ui:field: Secret` fields), never from the step input.
 */
export function portalActionInput(z: Zod) {
  return z.object({
    ...portalSettingsShape(z),
    targetPath: z
      .string()
      .optional()
      .describe('Workspace folder the repository files are written to'),
  });
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
      // the portal request's own field rules: what the step may send is what the generator accepts
      input: z => portalActionInput(z),
      output: z =>
        z.object({
          ...outputsOf(z, renderOutputSchema),
          entityRef: z.string().describe('Catalog entity of the component'),
          domain: z.string(),
        }),
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
        resources: input.resources,
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
        requestedOwner: input.owner,
        authorize: { domain, what: 'the deployment of the portal' },
        render: async () => {
          const { secrets, ignored } = portalSecretsFrom(ctx.secrets, settings);
          for (const reason of ignored) {
            ctx.logger.info(`the secret ${reason} is not used and not sealed`);
          }
          const request = { ...settings, secrets };
          // the scaffolder checked the input against the JSON schema, without
          // the rules that span fields and without the secrets: check the
          // form's fields and the task's secrets together, so one run names
          // every problem by the form's field
          parseRequest(
            withPortalSecrets(requestZod, portalActionInput(requestZod)),
            request,
          );
          if (!config.sealingCertificatePem) {
            throw new Error(
              "gitops.sealing.certificate is not configured: the portal's secrets cannot be sealed, so the portal cannot be rendered",
            );
          }
          const result = await renderPortalDeployment(
            request as PortalDeploymentRequest,
            {
              layout: config.layout,
              sealingCertificatePem: config.sealingCertificatePem,
              addresses: config.addresses,
            },
          );
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
