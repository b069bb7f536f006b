import { isIP, type LookupFunction } from "node:net";

/**
 * A `lookup` for node:http that answers every name with the one address already checked, so the
 * connection goes where the target guard approved and never to a second DNS answer (rebinding).
 */
export function pinnedLookup(address: string): LookupFunction {
  return (_hostname, lookupOptions, callback) => {
    const family = isIP(address);
    if (lookupOptions.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
