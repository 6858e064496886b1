import { sha256Hex } from './import-file';

/**
 * A file sent as a request body. The idempotency layer fingerprints a request by its body's
 * enumerable fields: here the file's hash and size and the request's URL (which carries `kind`),
 * not its ten million bytes one by one. The bytes themselves are kept out of sight of it.
 */
export class UploadedFile {
  readonly sha256: string;
  readonly size: number;
  declare readonly bytes: Uint8Array;

  constructor(
    bytes: Uint8Array,
    readonly url: string,
  ) {
    this.sha256 = sha256Hex(bytes);
    this.size = bytes.byteLength;
    Object.defineProperty(this, 'bytes', { value: bytes, enumerable: false });
  }
}
