import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import jsonPatch, { type Operation } from "fast-json-patch";
import { parse, parseAllDocuments } from "yaml";

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** The fields of a Kustomization this renderer understands; anything else fails the test. */
const KNOWN_FIELDS = new Set(["apiVersion", "kind", "resources", "namespace", "images", "patches", "labels"]);

export async function readYamlObjects(file: string): Promise<KubernetesObject[]> {
  const documents = parseAllDocuments(await readFile(file, "utf8"));
  return documents.map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
    return document.toJS() as KubernetesObject;
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Every file a kustomization names (resources, patch files) that does not exist. */
export async function missingReferences(dir: string): Promise<string[]> {
  const [kustomization] = await readYamlObjects(path.join(dir, "kustomization.yaml"));
  const spec = kustomization as unknown as { resources?: string[]; patches?: { path?: string }[] };
  const named = [...(spec.resources ?? []), ...(spec.patches ?? []).flatMap((patch) => patch.path ?? [])];
  const missing: string[] = [];
  for (const entry of named) if (!(await exists(path.join(dir, entry)))) missing.push(path.join(dir, entry));
  return missing;
}

/**
 * The objects `kustomize build dir` gives, for the features Sieve's manifests use: resources
 * (files and directories), namespace, images, labels, strategic-merge patches from files (maps
 * merged, lists replaced: the only list patches here replace a whole list) and inline JSON 6902
 * patches with a target.
 */
export async function renderKustomization(dir: string): Promise<KubernetesObject[]> {
  const [raw] = await readYamlObjects(path.join(dir, "kustomization.yaml"));
  const spec = raw as unknown as {
    resources?: string[];
    namespace?: string;
    images?: { name: string; newName?: string; newTag?: string }[];
    labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
    patches?: { path?: string; patch?: string; target?: { kind?: string; name?: string } }[];
  };
  const unknown = Object.keys(spec).filter((field) => !KNOWN_FIELDS.has(field));
  if (unknown.length > 0)
    throw new Error(`${dir}: kustomization fields not rendered here: ${unknown.join(", ")}`);

  let objects: KubernetesObject[] = [];
  for (const resource of spec.resources ?? []) {
    const target = path.join(dir, resource);
    const isDir = (await stat(target)).isDirectory();
    objects.push(...(isDir ? await renderKustomization(target) : await readYamlObjects(target)));
  }
  for (const patch of spec.patches ?? []) {
    if (patch.path) {
      for (const partial of await readYamlObjects(path.join(dir, patch.path))) {
        const index = objects.findIndex(
          (object) => object.kind === partial.kind && object.metadata.name === partial.metadata.name,
        );
        if (index === -1)
          throw new Error(`${patch.path}: no ${partial.kind} ${partial.metadata.name} to patch`);
        objects[index] = merge(objects[index], partial) as KubernetesObject;
      }
    } else if (patch.patch && patch.target) {
      const operations = parse(patch.patch) as Operation[];
      const targets = objects.filter(
        (object) =>
          (!patch.target?.kind || object.kind === patch.target.kind) &&
          (!patch.target?.name || object.metadata.name === patch.target.name),
      );
      if (targets.length === 0)
        throw new Error(`inline patch of ${JSON.stringify(patch.target)} matches nothing`);
      objects = objects.map((object) =>
        targets.includes(object)
          ? jsonPatch.applyPatch(structuredClone(object), operations, true).newDocument
          : object,
      );
    } else {
      throw new Error(`${dir}: a patch needs a path, or an inline patch with a target`);
    }
  }
  for (const label of spec.labels ?? []) {
    for (const object of objects) {
      object.metadata.labels = { ...object.metadata.labels, ...label.pairs };
      const template = (object.spec as { template?: { metadata?: { labels?: Record<string, string> } } })
        ?.template;
      if (label.includeTemplates && template) {
        template.metadata = {
          ...template.metadata,
          labels: { ...template.metadata?.labels, ...label.pairs },
        };
      }
    }
  }
  if (spec.namespace) {
    for (const object of objects) if (object.kind !== "Namespace") object.metadata.namespace = spec.namespace;
  }
  for (const image of spec.images ?? []) renameImages(objects, image);
  return objects;
}

function merge(base: unknown, patch: unknown): unknown {
  if (isMap(base) && isMap(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch))
      out[key] = key in base ? merge(base[key], value) : value;
    return out;
  }
  return structuredClone(patch);
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function renameImages(
  objects: KubernetesObject[],
  image: { name: string; newName?: string; newTag?: string },
) {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isMap(node)) return;
    if (typeof node.image === "string") {
      const [name, tag] = node.image.split(":");
      if (name === image.name) node.image = `${image.newName ?? name}:${image.newTag ?? tag ?? "latest"}`;
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(objects);
}
