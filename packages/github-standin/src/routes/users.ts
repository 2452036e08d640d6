import { privateUser } from '../githubObjects';
import { ok, Routes } from './common';

/** The authenticated user. */
export const userRoutes: Routes = {
  async 'users/get-authenticated'(ctx) {
    return ok(privateUser(ctx.state, ctx.login, ctx.urls));
  },
};
