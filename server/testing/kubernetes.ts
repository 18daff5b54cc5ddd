/**
 * Kubernetes manifests for tests, offline: `kubectl kustomize` renders an overlay, and the
 * `kubernetes-models` package validates each object against the Kubernetes API's JSON schemas.
 * No cluster is involved.
 *
 * @module
 */
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Job } from "kubernetes-models/batch/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import { parseAllDocuments } from "yaml";

/** A rendered object; tests read its fields by path. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  // deno-lint-ignore no-explicit-any
  metadata: { name: string; [k: string]: any };
  // deno-lint-ignore no-explicit-any
  [k: string]: any;
};

/** The model (schema) of every kind the manifests use; a kind not listed here fails validation. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/ServiceAccount": ServiceAccount,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "batch/v1/Job": Job,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

/**
 * Renders a kustomization with `kubectl kustomize`.
 *
 * @param dir the folder holding kustomization.yaml
 * @returns the rendered objects, in kustomize's order
 * @throws when kubectl is missing (it ships with the machine image: google-cloud-cli's kubectl;
 * any kubectl ≥ 1.27 with kustomize v5 does) or the kustomization does not build
 */
export async function renderKustomization(dir: string | URL): Promise<K8sObject[]> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("kubectl", { args: ["kustomize", String(dir)] }).output();
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    throw new Error("kubectl is not installed: the Kubernetes manifests cannot be rendered");
  }
  if (!output.success) {
    throw new Error(`kubectl kustomize ${dir} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return parseYamlObjects(new TextDecoder().decode(output.stdout));
}

/** Every document of a multi-document YAML text, as objects. */
export function parseYamlObjects(text: string): K8sObject[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length) throw new Error(`Invalid YAML: ${doc.errors[0]!.message}`);
    return doc.toJS() as K8sObject;
  });
}

/**
 * Validates one object against the schema of its apiVersion and kind.
 *
 * @throws naming the object and the first schema violations, or when its kind has no model here
 */
export function validateObject(object: K8sObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[key];
  if (!Model) throw new Error(`No schema for ${key} (${object.metadata?.name})`);
  try {
    new Model(object as never).validate();
  } catch (err) {
    throw new Error(`${key} "${object.metadata?.name}" is invalid: ${(err as Error).message}`);
  }
}

/** The objects of `kind`. */
export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** The one object of `kind` named `name`. */
export function theOne(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`Expected one ${kind} "${name}", found ${found.length}`);
  return found[0]!;
}
