import { execFile } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { access } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);
export const IP = "/usr/sbin/ip";

/** One "host": a network namespace with its own address on the test subnet. */
export interface NamespaceHost {
  name: string;
  /** The namespace's name, unique to this run. */
  namespace: string;
  address: string;
  /** The veth end left in the root namespace, on the bridge: setting it down cuts the host off. */
  link: string;
}

/**
 * Hosts built from network namespaces: each gets a veth pair whose outer end sits on a bridge in
 * the root namespace. The bridge holds the subnet's `.1`, so the test process itself is a host on
 * the same wire (the client, and the one that seeds the database).
 */
export interface NamespaceNetwork {
  /** e.g. `10.250.37.0/24`, a /24 of 10.250.0.0/16 picked per run so parallel runs do not collide. */
  cidr: string;
  /** The root namespace's address on the bridge. */
  gateway: string;
  hosts: Record<string, NamespaceHost>;
  /** Takes the host's link down: packets to and from it are dropped, connections stay open. */
  cut(host: string): Promise<void>;
  restore(host: string): Promise<void>;
  /** Deletes every namespace and the bridge by name; safe to call twice, never throws. */
  destroy(): Promise<void>;
}

async function ip(...args: string[]): Promise<string> {
  return (await run(IP, args)).stdout;
}

/** Fails (never skips) with a clear reason when namespaces cannot be made here. */
export async function assertNamespacesAvailable(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error("the across-hosts test builds network namespaces and must run as root (CI does)");
  }
  try {
    await access(IP);
    await ip("netns", "list");
  } catch (error) {
    throw new Error(`the across-hosts test needs \`${IP} netns\` (iproute2): ${String(error)}`);
  }
}

async function freeSubnet(): Promise<number> {
  const routes = await ip("-4", "route", "show");
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const octet = randomInt(1, 255);
    if (!routes.includes(`10.250.${octet}.`)) return octet;
  }
  throw new Error("no free /24 in 10.250.0.0/16 for the test network");
}

/** `names` maps a host's role to the last octet of its address (2–254). */
export async function createNamespaceNetwork(names: Record<string, number>): Promise<NamespaceNetwork> {
  await assertNamespacesAvailable();
  const suffix = randomBytes(3).toString("hex");
  const octet = await freeSubnet();
  const prefix = `10.250.${octet}`;
  const bridge = `sv${suffix}br`;
  const hosts: Record<string, NamespaceHost> = {};
  const made: string[] = [];
  const links: string[] = [];
  let bridgeMade = false;

  let destroying: Promise<void> | undefined;
  const network: NamespaceNetwork = {
    cidr: `${prefix}.0/24`,
    gateway: `${prefix}.1`,
    hosts,
    cut: async (host) => void (await ip("link", "set", hosts[host]!.link, "down")),
    restore: async (host) => void (await ip("link", "set", hosts[host]!.link, "up")),
    destroy: () => {
      destroying ??= (async () => {
        // Deleting the outer veth end takes its peer with it at once; a namespace itself is freed
        // only after its last process has gone, which may trail a moment.
        for (const link of links) await ip("link", "del", link).catch(() => {});
        for (const namespace of made) await ip("netns", "del", namespace).catch(() => {});
        if (bridgeMade) await ip("link", "del", bridge).catch(() => {});
      })();
      return destroying;
    },
  };

  try {
    await ip("link", "add", bridge, "type", "bridge");
    bridgeMade = true;
    await ip("addr", "add", `${prefix}.1/24`, "dev", bridge);
    await ip("link", "set", bridge, "up");
    let index = 0;
    for (const [name, last] of Object.entries(names)) {
      index += 1;
      const namespace = `sieve-${suffix}-${name}`;
      const link = `sv${suffix}h${index}`;
      await ip("netns", "add", namespace);
      made.push(namespace);
      await ip("link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", namespace);
      links.push(link);
      await ip("link", "set", link, "master", bridge, "up");
      await ip("-n", namespace, "addr", "add", `${prefix}.${last}/24`, "dev", "eth0");
      await ip("-n", namespace, "link", "set", "eth0", "up");
      await ip("-n", namespace, "link", "set", "lo", "up");
      hosts[name] = { name, namespace, address: `${prefix}.${last}`, link };
    }
  } catch (error) {
    await network.destroy();
    throw error;
  }
  return network;
}
