import { parseAllDocuments } from 'yaml';

/** How much of one file the provider is willing to turn into objects. */
export interface YamlLimits {
  /** Aliases one document may expand; the yaml library's own guard against alias bombs. */
  maxAliasCount: number;
  /** Nesting deeper than this is refused (a Kubernetes object is rarely deeper than 20). */
  maxDepth: number;
  /** Documents one file may hold. */
  maxDocuments: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxAliasCount: 100,
  maxDepth: 64,
  maxDocuments: 500,
};

/** One document of a file: its object, or why it was not read. */
export type ParsedDocument =
  | { index: number; value: unknown }
  | { index: number; problem: string };

/** A whole file that could not be read at all. */
export interface FileProblem {
  problem: string;
}

function depthOf(value: unknown, limit: number): number {
  // iterative, so a hostile depth cannot overflow the stack here either
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function firstLine(message: string): string {
  return message.split('\n')[0].slice(0, 200);
}

/** The parser runs out of stack on absurd nesting; say so instead of echoing the engine. */
function describeFailure(error: unknown): string {
  const message = firstLine((error as Error)?.message ?? String(error));
  return /call stack/i.test(message)
    ? 'nested too deep for the YAML parser'
    : `not YAML: ${message}`;
}

/**
 * Parses every YAML document of one file on its own. A document that is not
 * YAML, expands too many aliases or nests too deep is a problem of that
 * document only; a file the parser cannot even split is one problem for the
 * file. Nothing here throws.
 */
export function parseYamlFile(
  text: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): ParsedDocument[] | FileProblem {
  let documents;
  try {
    documents = parseAllDocuments(text);
  } catch (error) {
    return { problem: describeFailure(error) };
  }
  const list = Array.isArray(documents) ? documents : [documents];
  if (list.length > limits.maxDocuments) {
    return {
      problem: `more than ${limits.maxDocuments} YAML documents (${list.length})`,
    };
  }
  return list.map((document, index): ParsedDocument => {
    if (document.errors?.length) {
      const message = firstLine(document.errors[0].message);
      return {
        index,
        problem: /call stack/i.test(message)
          ? 'nested too deep for the YAML parser'
          : `malformed YAML: ${message}`,
      };
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (error) {
      const message = firstLine((error as Error).message ?? String(error));
      return {
        index,
        problem: /alias/i.test(message)
          ? `too many YAML aliases (more than ${limits.maxAliasCount} expansions): ${message}`
          : `not readable YAML: ${message}`,
      };
    }
    if (depthOf(value, limits.maxDepth) > limits.maxDepth) {
      return {
        index,
        problem: `nested deeper than ${limits.maxDepth} levels`,
      };
    }
    return { index, value };
  });
}
