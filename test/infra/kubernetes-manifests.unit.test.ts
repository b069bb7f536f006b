import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type KubernetesObject,
  missingReferences,
  readYamlObjects,
  renderKustomization,
} from "./kustomize-render.ts";

const k8s = new URL("../../infra/k8s/", import.meta.url).pathname;
const base = path.join(k8s, "base");
const overlay = path.join(k8s, "overlays/example");

type Models = Record<string, unknown>;
type Model = new (data: unknown) => { validate(): void };
/** kubernetes-models' module for each apiVersion the manifests use; KEDA's from its own package. */
const modelsByApiVersion: Record<string, () => Promise<Models>> = {
  v1: () => import("kubernetes-models/v1"),
  "apps/v1": () => import("kubernetes-models/apps/v1"),
  "batch/v1": () => import("kubernetes-models/batch/v1"),
  "autoscaling/v2": () => import("kubernetes-models/autoscaling/v2"),
  "policy/v1": () => import("kubernetes-models/policy/v1"),
  "networking.k8s.io/v1": () => import("kubernetes-models/networking.k8s.io/v1"),
  "keda.sh/v1alpha1": () => import("@kubernetes-models/keda/keda.sh/v1alpha1"),
};

/** Validates an object against its kind's schema; resolves to the problems found. */
async function problemsOf(object: KubernetesObject): Promise<string[]> {
  const load = modelsByApiVersion[object.apiVersion];
  const Model = (load ? (await load())[object.kind] : undefined) as Model | undefined;
  if (!Model) return [`${object.apiVersion} ${object.kind}: no schema known`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${object.kind} ${object.metadata?.name}: ${(error as Error).message}`];
  }
}

const kinds = (objects: KubernetesObject[]) =>
  objects.map((object) => `${object.kind}/${object.metadata.name}`).sort();

describe("the Kubernetes manifests", () => {
  it("name only files that exist in each kustomization", async () => {
    expect(await missingReferences(base)).toEqual([]);
    expect(await missingReferences(overlay)).toEqual([]);
  });

  it("validate, file by file, against each kind's schema", async () => {
    const files = (await readdir(base)).filter((file) => file !== "kustomization.yaml");
    const objects = (await Promise.all(files.map((file) => readYamlObjects(path.join(base, file))))).flat();
    expect(objects).toHaveLength(files.length);
    const problems = (await Promise.all(objects.map(problemsOf))).flat();
    expect(problems).toEqual([]);
  });

  it("render the example overlay into valid objects: api, worker and judge with their companions", async () => {
    const objects = await renderKustomization(overlay);
    expect((await Promise.all(objects.map(problemsOf))).flat()).toEqual([]);
    expect(kinds(objects)).toEqual([
      "ConfigMap/sieve-config",
      "Deployment/sieve-api",
      "Deployment/sieve-judge",
      "Deployment/sieve-worker",
      "HorizontalPodAutoscaler/sieve-api",
      "Job/sieve-migrate",
      "Namespace/sieve",
      "NetworkPolicy/sieve-worker",
      "PodDisruptionBudget/sieve-api",
      "PodDisruptionBudget/sieve-judge",
      "PodDisruptionBudget/sieve-worker",
      "ScaledObject/sieve-worker",
      "Secret/sieve-secrets",
      "Service/sieve-api",
      "Service/sieve-judge",
    ]);
    for (const object of objects) {
      if (object.kind !== "Namespace") expect(object.metadata.namespace).toBe("sieve");
    }
  });

  it("run every pod non-root on a read-only root filesystem, with probes and resources", async () => {
    const objects = await renderKustomization(overlay);
    type Pod = {
      securityContext?: { runAsNonRoot?: boolean };
      containers: {
        image: string;
        readinessProbe?: unknown;
        livenessProbe?: unknown;
        resources?: { requests?: unknown; limits?: unknown };
        securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
      }[];
    };
    const pods = objects.flatMap((object) => {
      const template = (object.spec as { template?: { spec: Pod } } | undefined)?.template;
      return template ? [{ kind: object.kind, name: object.metadata.name, pod: template.spec }] : [];
    });
    expect(pods.map((pod) => pod.name).sort()).toEqual([
      "sieve-api",
      "sieve-judge",
      "sieve-migrate",
      "sieve-worker",
    ]);
    for (const { kind, name, pod } of pods) {
      expect(pod.securityContext?.runAsNonRoot, name).toBe(true);
      for (const container of pod.containers) {
        expect(container.image, name).toBe("registry.example.com/sieve:1.0.0");
        expect(container.securityContext, name).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
        expect(container.resources?.requests, name).toBeDefined();
        expect(container.resources?.limits, name).toBeDefined();
        if (kind === "Deployment") {
          expect(container.readinessProbe, name).toMatchObject({ httpGet: { path: "/readyz" } });
          expect(container.livenessProbe, name).toMatchObject({ httpGet: { path: "/livez" } });
        }
      }
    }
  });

  it("let workers reach the Internet but no private, link-local or metadata range", async () => {
    for (const objects of [await renderKustomization(base), await renderKustomization(overlay)]) {
      const policy = objects.find((object) => object.kind === "NetworkPolicy") as unknown as {
        spec: { egress: { to: { ipBlock?: { cidr: string; except?: string[] } }[] }[] };
      };
      const open = policy.spec.egress
        .flatMap((rule) => rule.to)
        .flatMap((peer) =>
          peer.ipBlock && ["0.0.0.0/0", "::/0"].includes(peer.ipBlock.cidr) ? [peer.ipBlock] : [],
        );
      const v4 = open.find((block) => block.cidr === "0.0.0.0/0");
      expect(v4?.except).toEqual(
        expect.arrayContaining(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]),
      );
      expect(open.find((block) => block.cidr === "::/0")?.except).toEqual(
        expect.arrayContaining(["fc00::/7", "fe80::/10"]),
      );
    }
  });

  it("scale workers with KEDA on the waiting and prioritized check chunks", async () => {
    const objects = await renderKustomization(overlay);
    const scaled = objects.find((object) => object.kind === "ScaledObject") as unknown as {
      spec: { scaleTargetRef: { name: string }; triggers: { type: string; metadata: { query: string } }[] };
    };
    expect(scaled.spec.scaleTargetRef.name).toBe("sieve-worker");
    expect(scaled.spec.triggers).toHaveLength(1);
    expect(scaled.spec.triggers[0]!.type).toBe("prometheus");
    expect(scaled.spec.triggers[0]!.metadata.query).toMatch(
      /bullmq_job_count\{.*state=~"waiting\|prioritized"/,
    );
  });
});
