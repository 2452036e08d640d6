import { Urls } from './githubObjects';
import { StandinState } from './StandinState';

/** An error answered the way GitHub answers it: `{ message, errors?, documentation_url, status }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Array<Record<string, unknown>>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function notFound(): HttpError {
  return new HttpError(404, 'Not Found');
}

/** GitHub's 422 "Validation Failed" with one error. */
export function validationFailed(
  resource: string,
  error: { field?: string; code: string; message?: string },
): HttpError {
  return new HttpError(422, 'Validation Failed', [{ resource, ...error }]);
}

/** Everything a route handler gets. */
export interface RouteContext {
  state: StandinState;
  /** Decoded path parameters (coerced to their declared types). */
  params: Record<string, any>;
  /** Query parameters (coerced to their declared types). */
  query: Record<string, any>;
  body: any;
  /** The authenticated user's login. */
  login: string;
  urls: Urls;
  /** The request's `accept` header. */
  accept: string;
  /** The full request URL (for pagination links). */
  requestUrl: URL;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON answer (raw file contents); not schema-validated. */
  raw?: { contentType: string; data: Buffer };
}

export type RouteHandler = (ctx: RouteContext) => Promise<RouteResult>;

/** One page of `items` per `per_page`/`page`, with GitHub's `Link` header. */
export function paginate<T>(
  ctx: RouteContext,
  items: T[],
  headers: Record<string, string>,
): T[] {
  const perPage = Math.max(1, Math.min(Number(ctx.query.per_page ?? 30), 100));
  const page = Math.max(1, Number(ctx.query.page ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const url = new URL(ctx.requestUrl.href);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(n));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (links.length) headers.link = links.join(', ');
  return items.slice((page - 1) * perPage, page * perPage);
}
