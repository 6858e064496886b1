import type { StatementImportKind } from '../../../contract/imports';

/**
 * What a file is, from its first bytes: camt messages name their schema, BGMax opens with its start
 * record, and an open-items CSV with its header. Null when none of these: the person chooses.
 */
export function detectFileKind(head: string): StatementImportKind | null {
  if (head.startsWith('01BGMAX')) return 'bgmax';
  if (head.includes('camt.053.001.')) return 'camt053';
  if (head.includes('camt.054.001.')) return 'camt054';
  if (/^\uFEFF?external_id,kind,/.test(head)) return 'open_items';
  return null;
}

/** The first bytes of a file as Latin-1 text: enough to recognise it, whatever its encoding. */
export async function fileHead(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.slice(0, 2048).arrayBuffer());
  return String.fromCharCode(...bytes);
}
