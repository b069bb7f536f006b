import { networkInterfaces } from "node:os";

/** Every address of this machine's network interfaces, loopback included, zone ids dropped. */
export function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => entry.address.split("%")[0]!);
}
