import { bgmaxAsStatement, parseBgmax } from './bgmax';
import { parseCamt } from './camt';
import type { StatementMessage, StatementParse } from './model';

/** The bank file kinds Finvis imports, as the CLI and the API name them. */
export type StatementFileKind = 'camt053' | 'camt054' | 'bgmax';

/**
 * Reads a bank file of the given kind into the common statement shape. ISO 20022 files are UTF-8
 * (the standard's only encoding); BGMax is ISO-8859-1 by Bankgirot's specification.
 */
export function parseStatementFile(
  kind: StatementFileKind,
  bytes: Uint8Array,
): StatementParse<StatementMessage> {
  if (kind === 'bgmax') {
    const parsed = parseBgmax(bytes);
    return parsed.ok ? { ok: true, value: bgmaxAsStatement(parsed.value) } : parsed;
  }
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      problems: [
        {
          kind: 'malformed',
          line: null,
          where: 'file',
          message: 'is not UTF-8 text, as ISO 20022 XML must be',
        },
      ],
    };
  }
  return parseCamt(xml, kind === 'camt053' ? 'camt.053' : 'camt.054');
}
