import { ok, Routes } from './common';

/** The rate limit status: the core limit is the stand-in's own count. */
export const rateLimitRoutes: Routes = {
  async 'rate-limit/get'(ctx) {
    const limit = (n: number) => ({
      limit: n,
      used: 0,
      remaining: n,
      reset: Math.floor(Date.now() / 1000) + 3600,
    });
    const core = {
      limit: ctx.state.rateLimit.limit,
      used: ctx.state.rateLimit.used,
      remaining: ctx.state.rateLimit.remaining(),
      reset: ctx.state.rateLimit.reset,
    };
    return ok({
      resources: {
        core,
        search: limit(30),
        graphql: limit(5000),
        integration_manifest: limit(5000),
        code_search: limit(10),
      },
      rate: core,
    });
  },
};
