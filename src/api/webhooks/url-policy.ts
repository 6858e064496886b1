import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Which webhook URLs the API accepts. This is the simple, syntactic first wall against SSRF: the
 * scheme, credentials, and IP literals of private, loopback, link-local and other special ranges.
 * `resolvedAddressProblem` adds the DNS check when an endpoint is saved, and delivery checks the
 * address it actually connects to (see address-guard.ts).
 */
export interface WebhookUrlPolicy {
  /** Sandbox only (`FINVIS_WEBHOOKS_ALLOW_PRIVATE=1`): allow http, localhost and private addresses. */
  allowPrivate: boolean;
}

export function webhookUrlPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookUrlPolicy {
  return {
    allowPrivate: env.FINVIS_WEBHOOKS_ALLOW_PRIVATE === '1' || env.FINVIS_WEBHOOKS_ALLOW_PRIVATE === 'true',
  };
}

const special = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  special.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  special.addSubnet(network, prefix, 'ipv6');
}

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;
const IPV4_MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;

/** True for an IP literal in a private, loopback, link-local, documentation or multicast range. */
export function isSpecialAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return special.check(address, 'ipv4');
  if (version !== 6) return false;
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped?.[1]) return special.check(mapped[1], 'ipv4');
  const mappedHex = IPV4_MAPPED_HEX.exec(address);
  if (mappedHex?.[1] && mappedHex[2]) {
    const high = parseInt(mappedHex[1], 16);
    const low = parseInt(mappedHex[2], 16);
    return special.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4');
  }
  return special.check(address, 'ipv6');
}

/** Why the URL is refused under the policy, or null when it is accepted. Assumes the contract's shape check passed. */
export function webhookUrlProblem(value: string, policy: WebhookUrlPolicy): string | null {
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must be an https URL';
  if (url.username || url.password) return 'url must not contain credentials';
  if (policy.allowPrivate) return null;
  if (url.protocol !== 'https:') return 'url must be an https URL';
  const host = url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'url must not point at localhost';
  if (isSpecialAddress(host)) return 'url must not point at a private, loopback or link-local address';
  return null;
}

const RESOLVE_TIMEOUT_MS = 2_000;

/**
 * The DNS half of the policy, when an endpoint is saved: a public-looking name that resolves to a
 * private, loopback or link-local address is refused. A name that does not resolve (yet) is let
 * through: delivery resolves it again and refuses such addresses on the very connection it makes.
 */
export async function resolvedAddressProblem(
  value: string,
  policy: WebhookUrlPolicy,
): Promise<string | null> {
  if (policy.allowPrivate) return null;
  const host = new URL(value).hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return null;
  const addresses = await Promise.race([
    lookup(host, { all: true }).catch(() => []),
    new Promise<[]>((resolve) => setTimeout(() => resolve([]), RESOLVE_TIMEOUT_MS).unref()),
  ]);
  const special = addresses.find((entry) => isSpecialAddress(entry.address));
  return special
    ? `url must not point at a private, loopback or link-local address (${host} resolves to ${special.address})`
    : null;
}
