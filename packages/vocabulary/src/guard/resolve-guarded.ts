import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";

/** Resolves a host name to every address it has. */
export type Resolve = (hostname: string) => Promise<string[]>;

const defaultResolve: Resolve = async (hostname) =>
  (await dnsLookup(hostname, { all: true })).map((entry) => entry.address);

/** A name the guard refuses: connecting to it is never tried, and retrying cannot help. */
export class GuardedHostRefused extends Error {}

/**
 * The addresses a URL's host leads to, resolved right before connecting, each checked by the
 * guard. One guarded answer refuses the name: a name that can point inside is not reached at
 * all. The caller connects to the first address (pins it), never to a second DNS answer.
 */
export async function resolveGuarded(
  hostname: string,
  allows: (address: string) => boolean,
  resolve: Resolve = defaultResolve,
): Promise<string[]> {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(bare)) {
    if (!allows(bare)) throw new GuardedHostRefused(`${bare} is a guarded address`);
    return [bare];
  }
  const addresses = await resolve(bare);
  if (addresses.length === 0 || !addresses.every((address) => allows(address))) {
    throw new GuardedHostRefused(`${bare} resolves to a guarded address`);
  }
  return addresses;
}
