export interface CsvRecord {
  /** The file line the record starts on (1 is the header). */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (a doubled quote inside is one
 * quote, and a quoted field may span lines), CRLF or LF line ends, a leading BOM ignored. Blank lines
 * are skipped. A quote left open at the end of the file is reported with the line it opened on.
 */
export function parseCsv(text: string): CsvRecord[] | { unterminatedQuoteAt: number } {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let touched = false;
  const endRecord = () => {
    if (touched || fields.length > 0) records.push({ line: recordLine, fields: [...fields, field] });
    fields = [];
    field = '';
    touched = false;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (c === '\n') line += 1;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      touched = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      touched = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += c;
      touched = true;
    }
  }
  if (quoted) return { unterminatedQuoteAt: quoteLine };
  endRecord();
  return records;
}
