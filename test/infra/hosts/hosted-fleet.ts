import {
  type FleetSettings,
  type JudgeAndFarm,
  startApiReplica,
  startDatabaseHost,
  startFleetWorker,
  startJudgeAndFarm,
} from "./fleet-services.ts";
import { type HostProcess, spawnInHost } from "./host-process.ts";
import { createNamespaceNetwork, type NamespaceNetwork } from "./namespace-network.ts";

/**
 * The fleet on namespace hosts as the across-hosts test and the fleet bench build it: PostgreSQL
 * and Redis on one host, the judge and a microsocks farm on another, API replicas on their own,
 * and workers added host by host. Everything it starts is tracked, so `stop` ends exactly those
 * processes (by pid) and removes exactly the namespaces and links this run made (by name).
 */
export interface HostedFleetPlan {
  /** Role → last octet of its address, as `createNamespaceNetwork` takes them. */
  hosts: Record<string, number>;
  databaseHost: string;
  farmHost: string;
  /** How many microsocks the farm runs. */
  farmProxies: number;
  apiHosts: string[];
  apiEnv: Record<string, string>;
  queuePrefix: string;
}

export interface HostedFleet {
  network: NamespaceNetwork;
  settings: FleetSettings;
  farm: JudgeAndFarm;
  /** One URL per API host, in `apiHosts` order. */
  apiUrls: string[];
  /** Every process started so far, in start order (stopped ones included). */
  processes: HostProcess[];
  /** Starts a worker on each named host at once; rejects with the first failure once all settled. */
  startWorkers(
    names: string[],
    env: Record<string, string>,
  ): Promise<{ metricsUrl: string; process: HostProcess }[]>;
  /** Any other process on a host, tracked like the fleet's own. */
  spawn(host: string, name: string, command: string[]): HostProcess;
  /** Workers and APIs first, the stores they talk to last; then the files and the network. Safe twice. */
  stop(): Promise<void>;
}

/** Waits for every start, keeps what started, then throws the first failure. */
async function allStarted<T>(starts: Promise<T>[], keep: (value: T) => void): Promise<T[]> {
  const outcomes = await Promise.allSettled(starts);
  for (const outcome of outcomes) if (outcome.status === "fulfilled") keep(outcome.value);
  for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

export async function startHostedFleet(plan: HostedFleetPlan): Promise<HostedFleet> {
  const network = await createNamespaceNetwork(plan.hosts);
  const hosts = network.hosts;
  const processes: HostProcess[] = [];
  let removeFiles: (() => Promise<void>) | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const process of [...processes].reverse()) await process.stop();
      await removeFiles?.();
      await network.destroy();
    })();
    return stopping;
  };

  try {
    const store = await startDatabaseHost(hosts[plan.databaseHost]!, network.cidr);
    processes.push(...store.processes);
    removeFiles = store.removeFiles;
    const settings: FleetSettings = {
      databaseUrl: store.databaseUrl,
      redisUrl: store.redisUrl,
      queuePrefix: plan.queuePrefix,
      allowCidrs: network.cidr,
    };
    // The farm and the APIs start side by side; each keeps what it started before any throws.
    const starting = [
      allStarted([startJudgeAndFarm(hosts[plan.farmHost]!, plan.farmProxies)], (started) =>
        processes.push(...started.processes),
      ),
      allStarted(
        plan.apiHosts.map((name) => startApiReplica(hosts[name]!, settings, plan.apiEnv)),
        (started) => processes.push(started.process),
      ),
    ] as const;
    const outcomes = await Promise.allSettled(starting);
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
    const farm = (await starting[0])[0]!;
    const apis = await starting[1];
    return {
      network,
      settings,
      farm,
      apiUrls: apis.map((api) => api.url),
      processes,
      startWorkers: (names, env) =>
        allStarted(
          names.map((name) => startFleetWorker(hosts[name]!, settings, farm, env)),
          (started) => processes.push(started.process),
        ),
      spawn: (host, name, command) => {
        const started = spawnInHost(hosts[host]!, name, command);
        processes.push(started);
        return started;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
