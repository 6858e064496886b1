import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isSpecialAddress } from './url-policy';

/** The delivery refused to connect: the name resolves to a private, loopback or link-local address. */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = 'EFINVISBLOCKED';
}

/**
 * A DNS lookup for the delivery's sockets that refuses special addresses. It runs on the very
 * connection being made, so a name that resolved to a public address when the endpoint was saved
 * and to a private one now (DNS rebinding) is refused at delivery time too.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 4);
        return;
      }
      const blocked = allowPrivate ? undefined : addresses.find((entry) => isSpecialAddress(entry.address));
      if (blocked) {
        callback(
          new BlockedAddressError(
            `${hostname} resolves to ${blocked.address}, a private, loopback or link-local address`,
          ),
          '',
          4,
        );
        return;
      }
      if (options.all) {
        (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
        return;
      }
      const [first] = addresses;
      if (!first) {
        callback(new Error(`${hostname} has no address`), '', 4);
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}
