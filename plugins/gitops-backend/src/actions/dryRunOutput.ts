import {
  RenderedFile,
  RequestIssue,
  RequestValidationError,
  serializeFiles,
  validateRendered,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';

/** The zod the actions registry hands to action schemas (its v3 API). */
export type Zod = typeof import('zod/v3').z;

/** What every dry-run render answers. */
export interface DryRunOutput {
  valid: boolean;
  errors: RequestIssue[];
  files: Array<{ path: string; content: string }>;
  protectedChange: boolean;
  summary?: string;
  entityRef?: string;
  notes: string[];
}

export function dryRunOutputSchema(z: Zod) {
  return z.object({
    valid: z
      .boolean()
      .describe(
        'True when the request is valid and every file it renders is valid against the upstream schemas',
      ),
    errors: z
      .array(z.object({ field: z.string(), rule: z.string() }))
      .describe(
        'Each problem: the request field (or the generated file and object) and the rule it breaks',
      ),
    files: z
      .array(z.object({ path: z.string(), content: z.string() }))
      .describe(
        'The repository files the request would add, with their text (YAML); empty when not valid',
      ),
    protectedChange: z
      .boolean()
      .describe(
        'True when it is a protected change (needs the platform admins)',
      ),
    summary: z
      .string()
      .optional()
      .describe('The pull request title it would get'),
    entityRef: z
      .string()
      .optional()
      .describe('The catalog entity it would appear as once merged'),
    notes: z.array(z.string()).describe('What the dry run could not check'),
  });
}

/**
 * A request the rules refuse, as a dry run answers it: not valid, each
 * field named with its rule. Any other error is not the request's fault and
 * goes on.
 */
export function invalidRequest(
  error: unknown,
  protectedChange: boolean,
  notes: string[] = [],
): DryRunOutput {
  if (!(error instanceof RequestValidationError)) throw error;
  return {
    valid: false,
    errors: error.issues,
    files: [],
    protectedChange,
    notes,
  };
}

/**
 * Validates the rendered files the way the scaffolder's render pipeline does
 * (every manifest serialised and read back, sealed cloud-init and embedded
 * documents checked against their schemas) and answers with their text;
 * `extraFiles` (allocation files) are added as they are, as the pipeline
 * writes them. Nothing is written anywhere.
 */
export function renderedAnswer(options: {
  rendered: Parameters<typeof validateRendered>[0] & { files: RenderedFile[] };
  extraFiles?: Map<string, string>;
  protectedChange: boolean;
  summary: string;
  entityRef: string;
  notes?: string[];
}): DryRunOutput {
  const report = validateRendered(options.rendered);
  const texts = new Map([
    ...serializeFiles(options.rendered.files),
    ...(options.rendered.textFiles ?? []),
    ...(options.extraFiles ?? []),
  ]);
  const files = [...texts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, content]) => ({ path, content }));
  const errors = report.errors.map(e => ({
    field: `${e.file ? `${e.file}: ` : ''}${e.object}${
      e.path ? ` ${e.path}` : ''
    }`,
    rule: e.rule,
  }));
  return {
    valid: errors.length === 0,
    errors,
    files: errors.length === 0 ? files : [],
    protectedChange: options.protectedChange,
    summary: options.summary,
    entityRef: options.entityRef,
    notes: options.notes ?? [],
  };
}
