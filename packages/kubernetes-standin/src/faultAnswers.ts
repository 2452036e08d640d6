import { GarbageVariant } from './faults';
import { KubeStatus } from './types';

/** The reasons and messages Kubernetes' API machinery gives these codes (`k8s.io/apimachinery/pkg/api/errors`). */
const STATUS_OF_CODE: Record<
  number,
  { reason: string; message: string; details?: KubeStatus['details'] }
> = {
  400: {
    reason: 'BadRequest',
    message: 'the server rejected our request for an unknown reason',
  },
  401: { reason: 'Unauthorized', message: 'Unauthorized' },
  403: {
    reason: 'Forbidden',
    message: 'the server does not allow access to the requested resource',
  },
  404: {
    reason: 'NotFound',
    message: 'the server could not find the requested resource',
    details: {},
  },
  405: {
    reason: 'MethodNotAllowed',
    message: 'the server does not allow this method on the requested resource',
  },
  406: {
    reason: 'NotAcceptable',
    message:
      'the server was unable to respond with a content type that the client supports',
  },
  409: { reason: 'Conflict', message: 'the server reported a conflict' },
  410: {
    reason: 'Expired',
    message: 'the server has asked for the client to restart its request',
  },
  413: {
    reason: 'RequestEntityTooLarge',
    message: 'Request entity too large',
  },
  415: {
    reason: 'UnsupportedMediaType',
    message: 'the body of the request was in an unknown format',
  },
  422: {
    reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
  },
  429: {
    reason: 'TooManyRequests',
    message: 'Too many requests, please try again later.',
    details: { retryAfterSeconds: 1 },
  },
  500: {
    reason: 'InternalError',
    message: 'Internal error occurred: injected fault',
    details: { causes: [{ message: 'injected fault' }] },
  },
  503: {
    reason: 'ServiceUnavailable',
    message: 'the server is currently unable to handle the request',
  },
  504: {
    reason: 'Timeout',
    message:
      'Timeout: request did not complete within requested timeout - context deadline exceeded',
    details: {},
  },
};

/** A `status` fault's answer: the `Status` failure body an API server sends with that code, and its headers. */
export function injectedStatus(code: number): {
  body: KubeStatus;
  headers: Record<string, string>;
} {
  const known = STATUS_OF_CODE[code] ?? {
    reason: code >= 500 ? 'InternalError' : 'BadRequest',
    message: `the server responded with the status code ${code} but did not return more information`,
  };
  const body: KubeStatus = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: known.message,
    reason: known.reason,
    ...(known.details ? { details: known.details } : {}),
    code,
  };
  const retryAfter = known.details?.retryAfterSeconds;
  return {
    body,
    headers: retryAfter ? { 'Retry-After': String(retryAfter) } : {},
  };
}

/** What a source really answers, for the garbage that is a mangled copy of it. */
export interface RealAnswer {
  code: number;
  contentType: string;
  body: string | Buffer;
}

const STUB_ITEM = {
  metadata: { name: 'wrong-types' },
  status: { conditions: 'True' },
};

/** A value of another JSON type than `value`: a Node's conditions list becomes `"True"`, a count `"3"`. */
function wrongTyped(value: unknown): unknown {
  if (value !== null && typeof value === 'object') return 'True';
  if (typeof value === 'string') return 1;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return [];
}

function withWrongTypedStatus(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return STUB_ITEM;
  }
  const status = (item as { status?: unknown }).status;
  const fields =
    status !== null && typeof status === 'object' && !Array.isArray(status)
      ? Object.entries(status)
      : [];
  return {
    ...item,
    status: fields.length
      ? Object.fromEntries(fields.map(([k, v]) => [k, wrongTyped(v)]))
      : STUB_ITEM.status,
  };
}

/** The real answer with every `status` field of another type; a list keeps its items (a stub one if empty). */
function wrongTypes(real: RealAnswer): unknown {
  let value: any;
  try {
    value =
      real.code === 200 && real.contentType.startsWith('application/json')
        ? JSON.parse(real.body.toString())
        : undefined;
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'List', apiVersion: 'v1', metadata: {}, items: [STUB_ITEM] };
  }
  if (!Array.isArray(value.items)) return withWrongTypedStatus(value);
  return {
    ...value,
    items: value.items.length
      ? value.items.map(withWrongTypedStatus)
      : [STUB_ITEM],
  };
}

/** The 200 body of a `garbage` fault; `real` is asked only for `wrong-types`. */
export function garbageBody(
  variant: GarbageVariant,
  real: () => RealAnswer,
): string | Buffer {
  switch (variant) {
    case 'text':
      return '<html><body><h1>502 Bad Gateway</h1>upstream sent garbage</body></html>';
    case 'scalar':
      return '42';
    case 'empty-object':
      return '{}';
    case 'empty-array':
      return '[]';
    case 'wrong-types':
      return JSON.stringify(wrongTypes(real()));
    case 'invalid-utf8':
      // a lone continuation byte, a truncated sequence and bytes UTF-8 never uses
      return Buffer.concat([
        Buffer.from('{"kind":"'),
        Buffer.from([0x80, 0xc3, 0x28, 0xfe, 0xff]),
        Buffer.from('"}'),
      ]);
    default:
      throw new Error(`no garbage variant ${String(variant)}`);
  }
}
