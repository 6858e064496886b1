import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A parsed XML document with the line of each element, so that every fault found in it can say
 * where it is. Elements are read by local name (namespace prefixes dropped); leaf text is kept as
 * written (never turned into numbers, which would lose "0012" or "18.150").
 */
export type XmlNode = { readonly [name: string]: unknown };

const METADATA = XMLParser.getMetaDataSymbol();

/** Elements that may repeat in camt.053/054, read as arrays even when a file has one of them. */
const REPEATED = new Set(['Stmt', 'Ntfctn', 'Bal', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd']);

export interface XmlDocument {
  root: XmlNode;
  /** The name of the document's first element and the namespaces declared on it. */
  rootName: string;
  namespaces: string[];
  lineOf(node: unknown): number | null;
}

export type XmlParseResult =
  { ok: true; document: XmlDocument } | { ok: false; line: number; message: string };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

export function parseXml(text: string): XmlParseResult {
  const xml = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    return { ok: false, line: validation.err.line, message: validation.err.msg };
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    captureMetaData: true,
    processEntities: true,
    transformTagName: (name) => name.slice(name.indexOf(':') + 1),
    isArray: (name) => REPEATED.has(name),
  });
  const parsed = parser.parse(xml) as Record<string, unknown>;
  const rootName = Object.keys(parsed).find((name) => !name.startsWith('?'));
  const root = rootName === undefined ? undefined : parsed[rootName];
  if (rootName === undefined || typeof root !== 'object' || root === null) {
    return { ok: false, line: 1, message: 'the file holds no XML element' };
  }
  const namespaces = Object.entries(root)
    .filter(([name, value]) => (name === '@xmlns' || name.startsWith('@xmlns:')) && typeof value === 'string')
    .map(([, value]) => value as string);
  const starts = lineStarts(xml);
  return {
    ok: true,
    document: {
      root: root as XmlNode,
      rootName,
      namespaces,
      lineOf(node) {
        if (typeof node !== 'object' || node === null) return null;
        const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[METADATA as symbol];
        return meta?.startIndex === undefined ? null : lineAt(starts, meta.startIndex);
      },
    },
  };
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The child element `name` of `node`, when there is one. */
export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current: unknown = node;
  for (const name of path) {
    if (!isNode(current)) return undefined;
    const next = current[name];
    current = Array.isArray(next) ? (next as unknown[])[0] : next;
  }
  return isNode(current) ? current : undefined;
}

/** Every child element `name` of `node`. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  // An empty element (<TxDtls/>) parses as '', which is still an element that is there.
  return list.map((item) => (isNode(item) ? item : {}));
}

function leafText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'];
  if (isNode(value) && !('#text' in value)) return '';
  return null;
}

/** The text of the element at `path` below `node` (trimmed), or null when it is absent. */
export function text(node: XmlNode | undefined, ...path: string[]): string | null {
  if (path.length === 0) return null;
  const parent = path.length === 1 ? node : child(node, ...path.slice(0, -1));
  const value = parent?.[path[path.length - 1] ?? ''];
  return leafText(Array.isArray(value) ? (value as unknown[])[0] : value);
}

/** Every text of the repeated element `name` of `node`. */
export function texts(node: XmlNode | undefined, name: string): string[] {
  const value = node?.[name];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(leafText).filter((item): item is string => item !== null);
}

export function attribute(node: XmlNode | undefined, path: string[], name: string): string | null {
  const element = child(node, ...path);
  const value = element?.[`@${name}`];
  return typeof value === 'string' ? value : null;
}
