import { HttpError, notFound } from '../http';
import { simpleUser } from '../githubObjects';
import { nowIso } from '../StandinState';
import { ok, Routes } from './common';

/** GitHub App installations and their access tokens (authenticated as the app, by JWT). */
export const appRoutes: Routes = {
  async 'apps/list-installations'(ctx) {
    const app = ctx.state.apps.appOf(ctx.login);
    if (!app) throw new HttpError(401, 'A JSON web token could not be decoded');
    const created = nowIso();
    return ok(
      app.installations.map(installation => ({
        id: installation.id,
        // the description's account is a user and an enterprise at once (allOf)
        account: {
          ...simpleUser(ctx.state, installation.account, ctx.urls),
          name: installation.account,
          slug: installation.account,
          created_at: created,
          updated_at: created,
        },
        repository_selection: 'all',
        access_tokens_url: `${ctx.urls.api}/app/installations/${installation.id}/access_tokens`,
        repositories_url: `${ctx.urls.api}/installation/repositories`,
        html_url: `${ctx.urls.web}/organizations/${installation.account}/settings/installations/${installation.id}`,
        app_id: app.appId,
        app_slug: app.slug,
        target_id: ctx.state.userId(installation.account),
        target_type: 'Organization',
        permissions: {
          contents: 'write',
          pull_requests: 'write',
          metadata: 'read',
        },
        events: ['push', 'pull_request'],
        created_at: created,
        updated_at: created,
        single_file_name: null,
        suspended_by: null,
        suspended_at: null,
      })),
    );
  },

  async 'apps/create-installation-access-token'(ctx) {
    const app = ctx.state.apps.appOf(ctx.login);
    if (!app) throw new HttpError(401, 'A JSON web token could not be decoded');
    const issued = ctx.state.apps.issue(
      app,
      Number(ctx.params.installation_id),
    );
    if (!issued) throw notFound();
    return ok(
      {
        token: issued.token,
        expires_at: issued.expiresAt.toISOString().replace(/\.\d+Z$/, 'Z'),
        permissions: {
          contents: 'write',
          pull_requests: 'write',
          metadata: 'read',
        },
        repository_selection: 'all',
      },
      201,
    );
  },
};
