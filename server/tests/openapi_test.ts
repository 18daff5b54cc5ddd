import assert from "node:assert/strict";
import { ErrorCode, Message } from "../../shared/mod.ts";
import { startTestServer } from "../testing/test_server.ts";

/**
 * Routes the server registers that the OpenAPI document leaves out, and why: each is described
 * elsewhere.
 */
const UNDOCUMENTED = new Set([
  "GET /metrics", // Prometheus text for the scraper (README: Metrics and logs)
  "GET /api/v1/ws", // the WebSocket: the AsyncAPI document
  "GET /api/v1/openapi.json",
  "GET /api/v1/asyncapi.json",
  "GET /api/v1/docs",
  "GET /api/v1/docs/assets/swagger-ui-dist/{file}",
]);

/** `METHOD /path/{param}` of every route registered on the Hono app (middleware left out). */
function registeredRoutes(app: { routes: { method: string; path: string }[] }): string[] {
  const routes = app.routes.filter((r) => r.method !== "ALL")
    .map((r) => `${r.method} ${r.path.replaceAll(/:([^/]+)/g, "{$1}")}`);
  return [...new Set(routes)].filter((r) => !UNDOCUMENTED.has(r)).sort();
}

/** `METHOD /path` of every operation in an OpenAPI document. */
// deno-lint-ignore no-explicit-any
function documentedRoutes(doc: any): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`)
  ).sort();
}

Deno.test("the OpenAPI document and the health routes describe the running server", async (t) => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const doc = await res.json();

    await t.step("it is OpenAPI 3.1, paths from the root, linking to the AsyncAPI one", () => {
      assert.match(doc.openapi, /^3\.1\.\d+$/);
      assert.equal(typeof doc.info.title, "string");
      assert.equal(doc.info.version, "test");
      assert.deepEqual(doc.servers.map((s: { url: string }) => s.url), ["/"]);
      assert.ok(doc.info.description.includes("(/api/v1/asyncapi.json)"));
    });

    await t.step("it lists exactly the routes the app registers, with their methods", () => {
      const documented = documentedRoutes(doc);
      assert.deepEqual(documented, registeredRoutes(server.app));
      for (const route of ["GET /healthz", "GET /readyz", "POST /api/v1/auth/login"]) {
        assert.ok(documented.includes(route), route);
      }
    });

    await t.step("every documented route is served where the document says", async () => {
      for (const route of documentedRoutes(doc)) {
        const [method, path] = route.split(" ") as [string, string];
        const url = server.url + path.replace("{id}", crypto.randomUUID());
        const answer = await fetch(url, { method });
        const body = await answer.json();
        assert.notEqual(body.error?.code, "not_found", `${route} is served`);
      }
    });

    await t.step("every operation declares its security, bearer or none", () => {
      for (const item of Object.values(doc.paths)) {
        for (const op of Object.values(item as Record<string, { security?: unknown }>)) {
          assert.ok(Array.isArray(op.security));
        }
      }
    });

    await t.step("no component is nullable itself; nullable references say so in place", () => {
      for (const [name, schema] of Object.entries(doc.components.schemas)) {
        const type = (schema as { type?: unknown }).type;
        assert.ok(!(Array.isArray(type) && type.includes("null")), `${name} is not nullable`);
      }
      const summary = doc.components.schemas.RoomSummary.properties;
      for (const [field, ref] of [["last_message", "Message"], ["peer", "UserRef"]]) {
        assert.deepEqual(summary[field!].anyOf, [
          { $ref: `#/components/schemas/${ref}` },
          { type: "null" },
        ]);
      }
      assert.deepEqual(summary.peer_online.type, ["boolean", "null"]);
    });

    await t.step("its components come from the shared schemas", () => {
      const schemas = doc.components.schemas;
      for (const name of ["Message", "ErrorBody", "Room", "RoomSummary", "TokenPair", "User"]) {
        assert.ok(schemas[name], `components.schemas.${name}`);
      }
      assert.deepEqual(schemas.ErrorBody.properties.error.properties.code.enum, ErrorCode.options);
      assert.deepEqual(
        [...schemas.Message.required].sort(),
        Object.keys(Message.shape).sort(),
      );
      assert.deepEqual(doc.components.securitySchemes.bearerAuth, {
        type: "http",
        scheme: "bearer",
        bearerFormat: "JWT",
      });
    });

    await t.step("operations reference the components for bodies, errors and security", () => {
      const send = doc.paths["/api/v1/rooms/{id}/messages"].post;
      assert.equal(
        send.requestBody.content["application/json"].schema.$ref,
        "#/components/schemas/SendMessageBody",
      );
      assert.equal(
        send.responses["201"].content["application/json"].schema.$ref,
        "#/components/schemas/MessageResponse",
      );
      const notFound = doc.paths["/api/v1/rooms/{id}"].get.responses["404"];
      assert.deepEqual(notFound.content["application/json"].schema.allOf, [
        { $ref: "#/components/schemas/ErrorBody" },
        {
          type: "object",
          properties: {
            error: {
              type: "object",
              properties: { code: { type: "string", enum: ["room_not_found"] } },
              required: ["code"],
            },
          },
          required: ["error"],
        },
      ]);
      assert.deepEqual(doc.paths["/api/v1/me"].get.security, [{ bearerAuth: [] }]);
      assert.deepEqual(doc.paths["/api/v1/auth/login"].post.security, []);
    });

    await t.step(
      "GET /api/v1/docs is Swagger UI with its script and style served here",
      async () => {
        const page = await fetch(`${server.url}/api/v1/docs`);
        assert.equal(page.status, 200);
        const html = await page.text();
        const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
        assert.deepEqual(assets.sort(), [
          "/api/v1/docs/assets/swagger-ui-dist/swagger-ui-bundle.js",
          "/api/v1/docs/assets/swagger-ui-dist/swagger-ui.css",
        ]);
        assert.match(html, /url: '\/api\/v1\/openapi.json'/);
        for (const [asset, type] of [[assets[0]!, "text/javascript"], [assets[1]!, "text/css"]]) {
          const res = await fetch(server.url + asset);
          assert.equal(res.status, 200);
          assert.match(res.headers.get("content-type") ?? "", new RegExp(`^${type}`));
          assert.ok((await res.text()).length > 10_000, asset);
        }
      },
    );

    await t.step("GET /api/v1/asyncapi.json is the AsyncAPI document for this host", async () => {
      const res = await fetch(`${server.url}/api/v1/asyncapi.json`);
      const asyncapi = await res.json();
      assert.match(asyncapi.asyncapi, /^3\./);
      assert.equal(asyncapi.servers.chat.host, new URL(server.url).host);
      assert.equal(asyncapi.servers.chat.pathname + asyncapi.channels.chat.address, "/api/v1/ws");
    });

    await t.step("GET /healthz answers 200 while the process is up", async () => {
      const health = await fetch(`${server.url}/healthz`);
      assert.deepEqual([health.status, await health.json()], [200, { status: "ok" }]);
    });

    await t.step("GET /readyz answers 200 with the database and bus checks", async () => {
      const ready = await fetch(`${server.url}/readyz`);
      assert.deepEqual([ready.status, await ready.json()], [200, {
        status: "ok",
        checks: { database: "ok", bus: "ok" },
      }]);
    });

    await t.step(
      "GET /readyz answers 503 once the database is gone, /healthz still 200",
      async () => {
        await server.store.close();
        const ready = await fetch(`${server.url}/readyz`);
        assert.deepEqual([ready.status, await ready.json()], [503, {
          status: "unavailable",
          checks: { database: "down", bus: "ok" },
        }]);
        assert.equal((await (await fetch(`${server.url}/healthz`)).json()).status, "ok");
      },
    );
  } finally {
    await server.close();
  }
});
