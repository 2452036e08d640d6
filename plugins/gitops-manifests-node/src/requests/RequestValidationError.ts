import { InputError } from '@backstage/errors';

/** One problem with a request: the field (a dotted path) and the rule it breaks. */
export interface RequestIssue {
  field: string;
  rule: string;
}

/**
 * Thrown before anything is rendered when a request breaks a rule. The
 * message lists every problem, one per line, field first, so a form or a
 * scaffolder log shows the person what to change.
 */
export class RequestValidationError extends InputError {
  readonly issues: RequestIssue[];

  constructor(issues: RequestIssue[]) {
    super(
      `invalid request:\n${issues
        .map(i => `  - ${i.field}: ${i.rule}`)
        .join('\n')}`,
    );
    // an InputError: Backstage answers HTTP 400 and shows it as the user's mistake
    this.issues = issues;
  }
}

/** Collects issues while a request is checked; throws them all at the end. */
export class IssueCollector {
  readonly issues: RequestIssue[] = [];

  add(field: string, rule: string): void {
    this.issues.push({ field, rule });
  }

  /** Records the issue when `rule` is a string; returns true when the value passed. */
  check(field: string, rule: string | undefined): boolean {
    if (rule) this.add(field, rule);
    return !rule;
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new RequestValidationError(this.issues);
  }
}
