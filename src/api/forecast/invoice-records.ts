/**
 * Invoices as the invoice queries send them (invoice-query.ts): one string, items split by '\n', fields by
 * ',', read in place into columns whose indexes point into small lists (companies, currencies, names,
 * payment batches), so a million invoices never become ten million small strings.
 */
export class InvoiceRecords {
  count = 0;
  // The columns grow while a read in parts arrives (`readMore`); past it, nothing changes them.
  /** Index into `companies`. */
  company: Int32Array;
  /** Index into `currencies`. */
  currency: Int32Array;
  receivable: Uint8Array;
  /** Epoch days. */
  knownSince: Int32Array;
  due: Int32Array;
  /** Epoch day it was settled, or -1 while open. */
  paid: Int32Array;
  /** Unsigned minor units: the full amount, or what is still open of an open item. */
  amountMinor: BigInt64Array;
  /** `amountMinor` as doubles (exact below 2^53). */
  amount: Float64Array;
  /** Index into `batches` for one of our payment batch lines, else -1. */
  batch: Int32Array;
  /** Index into `names`. */
  name: Int32Array;
  /**
   * By record: the open item's id where it will be listed as a known flow (open items only; a million settled
   * invoices name none, so only those that do are held).
   */
  readonly references = new Map<number, string>();
  readonly currencies: string[] = [];
  readonly names: string[] = [];
  readonly batches: string[] = [];

  constructor(
    readonly companies: readonly string[],
    capacity: number,
  ) {
    this.company = new Int32Array(capacity);
    this.currency = new Int32Array(capacity);
    this.receivable = new Uint8Array(capacity);
    this.knownSince = new Int32Array(capacity);
    this.due = new Int32Array(capacity);
    this.paid = new Int32Array(capacity);
    this.amountMinor = new BigInt64Array(capacity);
    this.amount = new Float64Array(capacity);
    this.batch = new Int32Array(capacity);
    this.name = new Int32Array(capacity);
  }

  /**
   * Reads `count` items of the form
   * `company place,currency,r|p,known since,due,paid or -1,amount,batch id or empty,name length in bytes,name,reference or empty`.
   */
  static read(companies: readonly string[], count: number, items: string): InvoiceRecords {
    const records = new InvoiceRecords(companies, count);
    records.readMore(count, items);
    return records;
  }

  /**
   * Reads `count` more items (as `read` does) after those held, the columns growing as needed: a read that
   * arrives in parts is parsed part by part into one set of records. `finish` ends it.
   */
  readMore(count: number, items: string): void {
    const end = this.count + count;
    this.reserve(end);
    const currencies = new Lookup(this.currencies);
    const names = new Lookup(this.names);
    const batches = new Lookup(this.batches);
    const reader = new ItemReader(items);
    while (!reader.done() && this.count < end) {
      const i = this.count++;
      this.company[i] = reader.int();
      this.currency[i] = currencies.indexOf(reader.word());
      this.receivable[i] = reader.word() === 'r' ? 1 : 0;
      this.knownSince[i] = reader.int();
      this.due[i] = reader.int();
      this.paid[i] = reader.int();
      const amount = reader.bigint();
      this.amountMinor[i] = amount;
      this.amount[i] = Number(amount);
      const batch = reader.word();
      this.batch[i] = batch === '' ? -1 : batches.indexOf(batch);
      this.name[i] = names.indexOf(reader.counted());
      const reference = reader.rest();
      if (reference) this.references.set(i, reference);
    }
  }

  /**
   * Ends a read in parts: each column as long as the records, a view where little room is left over (the
   * usual case: the columns were sized from the planner's estimate), else a copy, so an estimate far too high
   * does not stay allocated with the kept records.
   */
  finish(): this {
    const n = this.count;
    const copy = this.company.length > n + (n >> 2) + 1024;
    const fit = <T extends Column>(column: T): T => (copy ? column.slice(0, n) : column.subarray(0, n)) as T;
    this.company = fit(this.company);
    this.currency = fit(this.currency);
    this.receivable = fit(this.receivable);
    this.knownSince = fit(this.knownSince);
    this.due = fit(this.due);
    this.paid = fit(this.paid);
    this.amountMinor = fit(this.amountMinor);
    this.amount = fit(this.amount);
    this.batch = fit(this.batch);
    this.name = fit(this.name);
    return this;
  }

  /** Room for `capacity` records; the columns grow by half at least, so a read in many parts copies each record few times. */
  private reserve(capacity: number): void {
    if (capacity <= this.company.length) return;
    const room = Math.max(capacity, Math.ceil(this.company.length * 1.5));
    const n = this.count;
    this.company = grown(this.company, room, n);
    this.currency = grown(this.currency, room, n);
    this.receivable = grown(this.receivable, room, n);
    this.knownSince = grown(this.knownSince, room, n);
    this.due = grown(this.due, room, n);
    this.paid = grown(this.paid, room, n);
    this.amountMinor = grown(this.amountMinor, room, n);
    this.amount = grown(this.amount, room, n);
    this.batch = grown(this.batch, room, n);
    this.name = grown(this.name, room, n);
  }

  /** One set of records holding all of these, in their order; with `paidFrom` (an epoch day), only those paid since. */
  static concat(parts: readonly InvoiceRecords[], paidFrom = Number.NEGATIVE_INFINITY): InvoiceRecords {
    const companies: string[] = [];
    let capacity = 0;
    for (const part of parts)
      for (let i = 0; i < part.count; i++) if ((part.paid[i] ?? 0) >= paidFrom) capacity++;
    const all = new InvoiceRecords(companies, capacity);
    const companyIndex = new Lookup(companies);
    const currencies = new Lookup(all.currencies);
    const names = new Lookup(all.names);
    const batches = new Lookup(all.batches);
    for (const part of parts) {
      const company = part.companies.map((id) => companyIndex.indexOf(id));
      const currency = part.currencies.map((code) => currencies.indexOf(code));
      const name = part.names.map((n) => names.indexOf(n));
      const batch = part.batches.map((b) => batches.indexOf(b));
      for (let from = 0; from < part.count; from++) {
        if ((part.paid[from] ?? 0) < paidFrom) continue;
        const to = all.count++;
        all.company[to] = company[part.company[from] ?? 0] ?? 0;
        all.currency[to] = currency[part.currency[from] ?? 0] ?? 0;
        all.receivable[to] = part.receivable[from] ?? 0;
        all.knownSince[to] = part.knownSince[from] ?? 0;
        all.due[to] = part.due[from] ?? 0;
        all.paid[to] = part.paid[from] ?? 0;
        all.amountMinor[to] = part.amountMinor[from] ?? 0n;
        all.amount[to] = part.amount[from] ?? 0;
        const b = part.batch[from] ?? -1;
        all.batch[to] = b < 0 ? -1 : (batch[b] ?? -1);
        all.name[to] = name[part.name[from] ?? 0] ?? 0;
        const reference = part.references.size > 0 ? part.references.get(from) : undefined;
        if (reference !== undefined) all.references.set(to, reference);
      }
    }
    return all;
  }

  /** Whether `other` holds the same records, in the same order, under the same lists. */
  equals(other: InvoiceRecords): boolean {
    const n = this.count;
    if (other.count !== n) return false;
    const sameList = (a: readonly string[], b: readonly string[]) =>
      a.length === b.length && a.every((value, i) => value === b[i]);
    if (
      !sameList(this.companies, other.companies) ||
      !sameList(this.currencies, other.currencies) ||
      !sameList(this.names, other.names) ||
      !sameList(this.batches, other.batches) ||
      this.references.size !== other.references.size
    ) {
      return false;
    }
    for (const [i, reference] of this.references) if (other.references.get(i) !== reference) return false;
    const mine = [...this.storedColumns(), this.amountMinor];
    const theirs = [...other.storedColumns(), other.amountMinor];
    return mine.every((column, k) => sameBytes(column, theirs[k] ?? column, n));
  }

  /**
   * The records as bytes for the stored settled invoices (settled-invoice-store.ts): a header, the lists as
   * JSON, then each column's bytes as they lie in memory (little-endian, as on every machine Node runs on
   * here). Null for records that cannot be stored this way: ones naming open items, or amounts a double does
   * not hold exactly.
   */
  toBytes(): Buffer | null {
    const n = this.count;
    if (this.references.size > 0) return null;
    for (let i = 0; i < n; i++) {
      const amount = this.amount[i] ?? -1;
      if (!(amount >= 0 && amount <= Number.MAX_SAFE_INTEGER) || amount !== Number(this.amountMinor[i]))
        return null;
    }
    const lists = Buffer.from(
      JSON.stringify({
        companies: this.companies,
        currencies: this.currencies,
        names: this.names,
        batches: this.batches,
      }),
    );
    const columnsAt = align8(HEADER_BYTES + lists.length);
    const bytes = Buffer.alloc(columnsAt + n * BYTES_PER_RECORD);
    bytes.writeUInt32LE(BYTES_FORMAT, 0);
    bytes.writeUInt32LE(n, 4);
    bytes.writeUInt32LE(lists.length, 8);
    lists.copy(bytes, HEADER_BYTES);
    let at = columnsAt;
    for (const column of this.storedColumns()) {
      const view = new Uint8Array(column.buffer, column.byteOffset, n * column.BYTES_PER_ELEMENT);
      bytes.set(view, at);
      at += view.length;
    }
    return bytes;
  }

  /** Records from `toBytes`; null for bytes of another format. */
  static fromBytes(bytes: Buffer): InvoiceRecords | null {
    if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== BYTES_FORMAT) return null;
    const n = bytes.readUInt32LE(4);
    const listsLength = bytes.readUInt32LE(8);
    const columnsAt = align8(HEADER_BYTES + listsLength);
    if (bytes.length !== columnsAt + n * BYTES_PER_RECORD) return null;
    const lists = JSON.parse(bytes.toString('utf8', HEADER_BYTES, HEADER_BYTES + listsLength)) as {
      companies: string[];
      currencies: string[];
      names: string[];
      batches: string[];
    };
    const records = new InvoiceRecords(lists.companies, n);
    records.count = n;
    records.currencies.push(...lists.currencies);
    records.names.push(...lists.names);
    records.batches.push(...lists.batches);
    let at = columnsAt;
    for (const column of records.storedColumns()) {
      const length = n * column.BYTES_PER_ELEMENT;
      new Uint8Array(column.buffer, column.byteOffset, length).set(bytes.subarray(at, at + length));
      at += length;
    }
    // The amounts in minor units from their doubles, as two 32-bit halves: no BigInt made per item.
    const halves = new Uint32Array(records.amountMinor.buffer, records.amountMinor.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) {
      const amount = records.amount[i] ?? 0;
      const low = amount % 4_294_967_296;
      halves[2 * i] = low;
      halves[2 * i + 1] = (amount - low) / 4_294_967_296;
    }
    return records;
  }

  /** The columns `toBytes` writes, widest first so that each starts aligned to its width. */
  private storedColumns() {
    return [
      this.amount,
      this.company,
      this.currency,
      this.knownSince,
      this.due,
      this.paid,
      this.batch,
      this.name,
      this.receivable,
    ] as const;
  }
}

/** Bumped whenever the bytes' layout changes: stored bytes of another format are read from the database anew. */
const BYTES_FORMAT = 1;
/** Format, count and the lists' length, each a 32-bit word, and a spare one. */
const HEADER_BYTES = 16;
/** The amount's double, seven 32-bit columns and the receivable flag. */
const BYTES_PER_RECORD = 8 + 7 * 4 + 1;

type Column = Int32Array | Uint8Array | BigInt64Array | Float64Array;

/** A column of `room` entries holding the first `used` of this one (copied as bytes: no BigInt made per amount). */
function grown<T extends Column>(column: T, room: number, used: number): T {
  const next = new (column.constructor as new (length: number) => T)(room);
  const bytes = used * column.BYTES_PER_ELEMENT;
  new Uint8Array(next.buffer).set(new Uint8Array(column.buffer, column.byteOffset, bytes));
  return next;
}

/** Whether the first `n` entries of two columns of one kind are the same, byte for byte. */
function sameBytes(a: Column, b: Column, n: number): boolean {
  const bytes = n * a.BYTES_PER_ELEMENT;
  return Buffer.from(a.buffer, a.byteOffset, bytes).equals(Buffer.from(b.buffer, b.byteOffset, bytes));
}

function align8(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}

/** A list of distinct values and each one's index in it. */
class Lookup {
  private readonly index = new Map<string, number>();

  constructor(private readonly values: string[]) {
    values.forEach((v, i) => this.index.set(v, i));
  }

  indexOf(value: string): number {
    let at = this.index.get(value);
    if (at === undefined) {
      at = this.values.push(value) - 1;
      this.index.set(value, at);
    }
    return at;
  }
}

const MINUS = 45;
/** Digits a double holds exactly (2^53 has 16). */
const SAFE_DIGITS = 15;

/** Reads the invoice query's string field by field, each read taking its separator too. */
export class ItemReader {
  private at = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  /** A whole number (possibly negative) up to the next separator. */
  int(): number {
    const { text } = this;
    let i = this.at;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    let value = 0;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i))
      value = value * 10 + c - 48;
    this.at = i + 1;
    return negative ? -value : value;
  }

  /** A whole number of any size, exactly. */
  bigint(): bigint {
    const start = this.at;
    const value = this.int();
    const digits = this.at - 1 - start - (value < 0 ? 1 : 0);
    return digits > SAFE_DIGITS ? BigInt(this.text.slice(start, this.at - 1)) : BigInt(value);
  }

  /** Text without separators, up to the next ','. */
  word(): string {
    return this.until(',');
  }

  /** Text sent as its length in UTF-8 bytes (cheaper for the database to tell than characters), a separator, the text, and a separator. */
  counted(): string {
    const bytes = this.int();
    const { text } = this;
    let i = this.at;
    for (let n = 0; n < bytes; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        n += 4;
        i++;
      } else n += 3;
    }
    const value = text.slice(this.at, i);
    this.at = i + 1;
    return value;
  }

  /** The rest of the item, up to the next '\n'. */
  rest(): string {
    return this.until('\n');
  }

  private until(separator: string): string {
    const end = this.text.indexOf(separator, this.at);
    const stop = end < 0 ? this.text.length : end;
    const value = this.text.slice(this.at, stop);
    this.at = stop + 1;
    return value;
  }
}
