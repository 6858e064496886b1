import { creditorKinds, emptyLine, type CreditorKind, type LineDraft } from './line-draft';

/**
 * Payment lines from a spreadsheet: a header row naming the columns (any order, case-insensitive):
 * `name`, `kind` (bankgiro, plusgiro, account, iban), `clearing` (for account), `number`, `bic`,
 * `amount`, `ocr`, `message`. Separated by `;`, `,` or tabs (whichever the header uses); fields may be
 * quoted with `"`. Each line is checked in the form afterwards like a typed one.
 */
export const CSV_COLUMNS = ['name', 'kind', 'clearing', 'number', 'bic', 'amount', 'ocr', 'message'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export type CsvResult = { ok: true; lines: LineDraft[] } | { ok: false; row: number; problem: CsvProblem };
export type CsvProblem = 'noHeader' | 'missingColumns' | 'unknownKind' | 'unclosedQuote' | 'empty';

function separatorOf(header: string): string {
  const counts = [';', '\t', ','].map((candidate) => [candidate, header.split(candidate).length] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/** Splits the text into rows of fields; quoted fields may hold separators, quotes ("") and newlines. */
function rowsOf(text: string, separator: string): string[][] | null {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === separator) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (quoted) return null;
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

export function parseLinesCsv(text: string): CsvResult {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') return { ok: false, row: 1, problem: 'noHeader' };
  const rows = rowsOf(clean, separatorOf(firstLine));
  if (rows === null) return { ok: false, row: 1, problem: 'unclosedQuote' };
  const [header = [], ...body] = rows;
  const index = new Map<Column, number>();
  header.forEach((name, position) => {
    const column = CSV_COLUMNS.find((candidate) => candidate === name.trim().toLowerCase());
    if (column) index.set(column, position);
  });
  if (!index.has('name') || !index.has('kind') || !index.has('number') || !index.has('amount')) {
    return { ok: false, row: 1, problem: 'missingColumns' };
  }
  if (body.length === 0) return { ok: false, row: 2, problem: 'empty' };
  const lines: LineDraft[] = [];
  for (const [offset, cells] of body.entries()) {
    const cell = (column: Column) => {
      const position = index.get(column);
      return position === undefined ? '' : (cells[position] ?? '').trim();
    };
    const kind = creditorKinds.find((candidate) => candidate === cell('kind').toLowerCase());
    if (!kind) return { ok: false, row: offset + 2, problem: 'unknownKind' };
    lines.push({
      ...emptyLine(),
      name: cell('name'),
      kind: kind satisfies CreditorKind,
      clearing: cell('clearing'),
      number: cell('number'),
      bic: cell('bic'),
      amount: cell('amount'),
      ocr: cell('ocr'),
      message: cell('message'),
    });
  }
  return { ok: true, lines };
}
