import { parseAllDocuments } from 'yaml';

const ADDRESS_ANNOTATION = /\.kubernetes\.io\/ip_address$/;

/**
 * Reads the node addresses that clusters already in the repository use, from
 * the address annotations of their VirtualMachines. Files that do not parse
 * are skipped (they are not ours to judge here); the result feeds
 * allocateNodeAddresses so a new cluster never takes a used address.
 */
export function collectAllocatedAddresses(
  files: Iterable<{ path: string; content: string }>,
): Set<string> {
  const taken = new Set<string>();
  for (const file of files) {
    if (!/\.ya?ml$/.test(file.path)) continue;
    let documents;
    try {
      documents = parseAllDocuments(file.content);
    } catch {
      continue;
    }
    for (const document of Array.isArray(documents) ? documents : [documents]) {
      const object = document.toJS?.() as any;
      if (object?.kind !== 'VirtualMachine') continue;
      const annotations = object?.spec?.template?.metadata?.annotations ?? {};
      for (const [key, value] of Object.entries(annotations)) {
        if (ADDRESS_ANNOTATION.test(key) && typeof value === 'string')
          taken.add(value);
      }
    }
  }
  return taken;
}
