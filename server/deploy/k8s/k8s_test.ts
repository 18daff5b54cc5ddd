import assert from "node:assert/strict";
import denoJson from "../../../deno.json" with { type: "json" };
import { loadConfig } from "../../config.ts";
import {
  type K8sObject,
  ofKind,
  parseYamlObjects,
  renderKustomization,
  theOne,
  validateObject,
} from "../../testing/kubernetes.ts";
import { startTestServer } from "../../testing/test_server.ts";

const K8S = new URL("./", import.meta.url);
const dev = await renderKustomization(new URL("overlays/dev", K8S).pathname);
const prod = await renderKustomization(new URL("overlays/prod", K8S).pathname);
const overlays = { dev, prod };
const secretTemplate = parseYamlObjects(
  await Deno.readTextFile(new URL("base/secret.template.yaml", K8S)),
);

const SERVER = { "app.kubernetes.io/name": "chat-server", "app.kubernetes.io/component": "server" };

function serverContainer(objects: K8sObject[]) {
  const containers = theOne(objects, "Deployment", "chat-server").spec.template.spec.containers;
  assert.equal(containers.length, 1);
  return containers[0];
}

/** The environment a server pod gets from its ConfigMap (the Secret adds JWT_SECRET and URLs). */
function configMapEnv(objects: K8sObject[]): Record<string, string> {
  const container = serverContainer(objects);
  const name = container.envFrom.find((e: K8sObject) => e.configMapRef).configMapRef.name;
  return theOne(objects, "ConfigMap", name).data;
}

Deno.test("every rendered object of both overlays validates against the Kubernetes schemas", () => {
  for (const [name, objects] of Object.entries(overlays)) {
    assert.ok(objects.length > 10, `${name} renders ${objects.length} objects`);
    for (const object of objects) validateObject(object);
  }
  for (const object of secretTemplate) validateObject(object);
});

Deno.test("the validator refuses a malformed object", () => {
  const deployment = structuredClone(theOne(dev, "Deployment", "chat-server"));
  deployment.spec.template.spec.containers[0].ports[0].containerPort = "http";
  assert.throws(() => validateObject(deployment), /containerPort must be integer/);
});

Deno.test("the probes point at routes the server answers with 200, on the port it listens on", async () => {
  const server = await startTestServer();
  try {
    for (const objects of Object.values(overlays)) {
      const container = serverContainer(objects);
      assert.equal(container.ports[0].name, "http");
      assert.equal(String(container.ports[0].containerPort), configMapEnv(objects).PORT);
      const probes = {
        startup: container.startupProbe,
        readiness: container.readinessProbe,
        liveness: container.livenessProbe,
      };
      assert.equal(probes.readiness.httpGet.path, "/readyz");
      assert.equal(probes.liveness.httpGet.path, "/healthz");
      for (const [kind, probe] of Object.entries(probes)) {
        assert.equal(probe.httpGet.port, "http", `${kind} probe port`);
        const res = await fetch(`${server.url}${probe.httpGet.path}`);
        await res.body?.cancel();
        assert.equal(res.status, 200, `${kind} probe ${probe.httpGet.path}`);
      }
    }
  } finally {
    await server.close();
  }
});

Deno.test("the grace period outlasts the preStop pause plus SHUTDOWN_TIMEOUT", () => {
  for (const objects of Object.values(overlays)) {
    const pod = theOne(objects, "Deployment", "chat-server").spec.template.spec;
    // The pod's Secret supplies JWT_SECRET and METRICS_TOKEN (production refuses to start
    // without the latter, issue 13).
    const secret = { JWT_SECRET: "x".repeat(32), METRICS_TOKEN: "m".repeat(32) };
    const config = loadConfig({ ...configMapEnv(objects), ...secret });
    const preStop = serverContainer(objects).lifecycle.preStop.sleep.seconds;
    assert.ok(preStop >= 1);
    assert.ok(
      pod.terminationGracePeriodSeconds > preStop + config.shutdownTimeout,
      `grace ${pod.terminationGracePeriodSeconds} s, preStop ${preStop} s, SHUTDOWN_TIMEOUT ${config.shutdownTimeout} s`,
    );
  }
});

Deno.test("no Secret value is committed: the template is empty, prod renders no Secret", () => {
  const [template] = secretTemplate;
  assert.equal(template!.kind, "Secret");
  assert.equal(template!.data, undefined);
  const keys = Object.keys(template!.stringData);
  assert.deepEqual(keys.sort(), ["DATABASE_URL", "JWT_SECRET", "METRICS_TOKEN", "REDIS_URL"]);
  for (const key of keys) assert.equal(template!.stringData[key], "", key);
  assert.deepEqual(ofKind(prod, "Secret"), []);
  // The server reads its Secret by name; dev generates one with the template's keys only.
  const secretName =
    serverContainer(dev).envFrom.find((e: K8sObject) => e.secretRef).secretRef.name;
  const devKeys = Object.keys(theOne(dev, "Secret", secretName).data);
  assert.ok(devKeys.every((k) => keys.includes(k)), devKeys.join());
  assert.equal(
    serverContainer(prod).envFrom.find((e: K8sObject) => e.secretRef).secretRef.name,
    "chat-server",
  );
});

Deno.test("every image of the server is tagged with deno.json's version", () => {
  for (const objects of Object.values(overlays)) {
    const images = [
      serverContainer(objects).image,
      theOne(objects, "Job", "chat-migrate").spec.template.spec.containers[0].image,
    ];
    for (const image of images) {
      assert.match(
        image,
        new RegExp(`(^|/)chat-server:${denoJson.version.replaceAll(".", "\\.")}$`),
      );
    }
  }
});

Deno.test("server and migration pods run as non-root on a read-only root filesystem, with limits", () => {
  for (const objects of Object.values(overlays)) {
    const pods = [
      theOne(objects, "Deployment", "chat-server").spec.template.spec,
      theOne(objects, "Job", "chat-migrate").spec.template.spec,
    ];
    for (const pod of pods) {
      assert.equal(pod.securityContext.runAsNonRoot, true);
      for (const c of pod.containers) {
        assert.equal(c.securityContext.readOnlyRootFilesystem, true);
        assert.equal(c.securityContext.allowPrivilegeEscalation, false);
        assert.ok(c.resources.requests.cpu && c.resources.limits.memory, c.name);
      }
    }
  }
});

Deno.test("replicas: 2+ in dev, more in prod spread over nodes; HPA and PDB keep them", () => {
  const replicas = (o: K8sObject[]) => theOne(o, "Deployment", "chat-server").spec.replicas;
  assert.ok(replicas(dev) >= 2);
  assert.ok(replicas(prod) > replicas(dev));
  const antiAffinity = theOne(prod, "Deployment", "chat-server").spec.template.spec.affinity
    .podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
  assert.equal(antiAffinity.topologyKey, "kubernetes.io/hostname");
  assert.deepEqual(antiAffinity.labelSelector.matchLabels, SERVER);
  for (const objects of Object.values(overlays)) {
    const hpa = theOne(objects, "HorizontalPodAutoscaler", "chat-server").spec;
    assert.equal(hpa.scaleTargetRef.name, "chat-server");
    assert.equal(hpa.minReplicas, replicas(objects));
    const pdb = theOne(objects, "PodDisruptionBudget", "chat-server").spec;
    assert.deepEqual(pdb.selector.matchLabels, SERVER);
    assert.ok(pdb.maxUnavailable < hpa.minReplicas);
  }
});

Deno.test("the Service and Ingress reach server pods only, and the Ingress routes /api alone", () => {
  for (const objects of Object.values(overlays)) {
    const deployment = theOne(objects, "Deployment", "chat-server");
    assert.deepEqual(theOne(objects, "Service", "chat-server").spec.selector, SERVER);
    assert.deepEqual(deployment.spec.template.metadata.labels, SERVER);
    // The migration Job never becomes an endpoint of the Service.
    const job = theOne(objects, "Job", "chat-migrate").spec.template.metadata.labels;
    assert.notEqual(job["app.kubernetes.io/component"], "server");
    assert.deepEqual(job["app.kubernetes.io/name"], "chat-server");
    const ingress = theOne(objects, "Ingress", "chat-server");
    const paths = ingress.spec.rules.flatMap((r: K8sObject) => r.http.paths);
    assert.deepEqual(paths.map((p: K8sObject) => p.path), ["/api"]);
    // The server pings idle sockets after 30 s: the controller must wait longer than that.
    const annotations = ingress.metadata.annotations;
    assert.ok(Number(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) > 60);
    assert.ok(Number(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]) > 60);
    assert.equal(deployment.spec.template.metadata.annotations["prometheus.io/path"], "/metrics");
  }
  assert.ok(theOne(prod, "Ingress", "chat-server").spec.tls[0].secretName);
});

Deno.test("network policies: deny by default, the ingress controller and monitoring reach the server, only the server reaches Postgres and Redis", () => {
  for (const objects of Object.values(overlays)) {
    const deny = theOne(objects, "NetworkPolicy", "default-deny-ingress").spec;
    assert.deepEqual(deny.podSelector, {});
    assert.deepEqual(deny.policyTypes, ["Ingress"]);
    const server = theOne(objects, "NetworkPolicy", "chat-server-ingress").spec;
    assert.deepEqual(server.podSelector.matchLabels, SERVER);
    const from = server.ingress.flatMap((rule: K8sObject) => rule.from);
    assert.deepEqual(
      from.map((f: K8sObject) => f.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]),
      ["ingress-nginx", "monitoring"],
    );
  }
  for (const [name, port] of [["postgres", "postgres"], ["redis", "redis"]]) {
    const policy = theOne(dev, "NetworkPolicy", `${name}-ingress`).spec;
    assert.deepEqual(policy.podSelector.matchLabels, { "app.kubernetes.io/name": name });
    assert.deepEqual(policy.ingress, [{
      from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "chat-server" } } }],
      ports: [{ port, protocol: "TCP" }],
    }]);
  }
});

Deno.test("dev runs Postgres and Redis as one-replica StatefulSets on volumes; prod runs neither", () => {
  for (const name of ["postgres", "redis"]) {
    const set = theOne(dev, "StatefulSet", name).spec;
    assert.equal(set.replicas, 1);
    assert.equal(set.volumeClaimTemplates[0].metadata.name, "data");
  }
  assert.deepEqual(ofKind(prod, "StatefulSet"), []);
  const devSecret = theOne(dev, "Secret", serverContainer(dev).envFrom[1].secretRef.name);
  assert.equal(atob(devSecret.data.DATABASE_URL), "postgres://chat:chat@postgres:5432/chat");
});
