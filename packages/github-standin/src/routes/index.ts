import { RouteHandler, RouteResult } from '../http';
import { appRoutes } from './apps';
import { archiveRoutes } from './archives';
import { branchRoutes } from './branches';
import { checkRoutes } from './checks';
import { Routes } from './common';
import { commitRoutes } from './commits';
import { contentRoutes } from './contents';
import { gitObjectRoutes } from './gitObjects';
import { gitRefRoutes } from './gitRefs';
import { issueRoutes } from './issues';
import { pullMergeRoutes } from './pullMerge';
import { pullReviewRoutes } from './pullReviews';
import { pullRoutes } from './pulls';
import { rateLimitRoutes } from './rateLimit';
import { repoRoutes } from './repos';
import { statusRoutes } from './statuses';
import { userRoutes } from './users';

const routes: Routes = {
  ...userRoutes,
  ...rateLimitRoutes,
  ...repoRoutes,
  ...branchRoutes,
  ...commitRoutes,
  ...statusRoutes,
  ...checkRoutes,
  ...contentRoutes,
  ...archiveRoutes,
  ...gitRefRoutes,
  ...gitObjectRoutes,
  ...pullRoutes,
  ...pullReviewRoutes,
  ...pullMergeRoutes,
  ...issueRoutes,
  ...appRoutes,
};

/** Route handler for an OpenAPI operation id, if the stand-in implements it. */
export function routeFor(operationId: string): RouteHandler | undefined {
  return Object.prototype.hasOwnProperty.call(routes, operationId)
    ? routes[operationId]
    : undefined;
}

/** Operation ids the stand-in implements. */
export function implementedOperations(): string[] {
  return Object.keys(routes).sort();
}

export type { RouteResult };
