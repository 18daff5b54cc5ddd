import assert from "node:assert/strict";
import { ErrorCode } from "../../shared/mod.ts";
import { startTestServer } from "../testing/test_server.ts";

/** Every route of the server-core issue, as OpenAPI paths with their methods. */
const ROUTES: Record<string, string[]> = {
  "/auth/register": ["post"],
  "/auth/login": ["post"],
  "/auth/refresh": ["post"],
  "/auth/logout": ["post"],
  "/me": ["get"],
  "/rooms": ["get", "post"],
  "/rooms/{id}": ["delete", "get", "patch"],
  "/rooms/{id}/join": ["post"],
  "/rooms/{id}/leave": ["post"],
  "/rooms/{id}/members": ["get", "post"],
  "/dms": ["post"],
  "/rooms/{id}/messages": ["get", "post"],
  "/rooms/{id}/read": ["post"],
  "/healthz": ["get"],
  "/readyz": ["get"],
};

/** Routes served at the root rather than under `/api/v1`. */
const ROOT_ROUTES = ["/healthz", "/readyz"];

Deno.test("the OpenAPI document and the health routes describe the running server", async (t) => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const doc = await res.json();

    await t.step("it is OpenAPI 3.1 for the API under /api/v1", () => {
      assert.match(doc.openapi, /^3\.1\.\d+$/);
      assert.equal(typeof doc.info.title, "string");
      assert.equal(doc.info.version, "test");
      assert.deepEqual(doc.servers, [{ url: "/api/v1" }]);
    });

    await t.step("it lists every route of the API with its methods, and no other", () => {
      const documented = Object.fromEntries(
        Object.entries(doc.paths).map(([path, item]) => [path, Object.keys(item as object).sort()]),
      );
      assert.deepEqual(documented, ROUTES);
      for (const path of ROOT_ROUTES) {
        assert.deepEqual(doc.paths[path].get.servers, [{ url: "/" }], `${path} is at the root`);
      }
    });

    await t.step("every documented route is served where the document says", async () => {
      for (const [path, methods] of Object.entries(ROUTES)) {
        const base = ROOT_ROUTES.includes(path) ? server.url : `${server.url}/api/v1`;
        for (const method of methods) {
          const url = base + path.replace("{id}", crypto.randomUUID());
          const answer = await fetch(url, { method: method.toUpperCase() });
          const body = await answer.json();
          assert.notEqual(body.error?.code, "not_found", `${method} ${path} is served`);
        }
      }
    });

    await t.step("its components come from the shared schemas", () => {
      const schemas = doc.components.schemas;
      for (const name of ["Message", "ErrorBody", "Room", "RoomSummary", "TokenPair", "User"]) {
        assert.ok(schemas[name], `components.schemas.${name}`);
      }
      assert.deepEqual(schemas.ErrorBody.properties.error.properties.code.enum, ErrorCode.options);
      assert.deepEqual(
        [...schemas.Message.required].sort(),
        ["client_msg_id", "created_at", "id", "kind", "room_id", "sender", "seq", "text"],
      );
      assert.deepEqual(doc.components.securitySchemes.bearerAuth, {
        type: "http",
        scheme: "bearer",
        bearerFormat: "JWT",
      });
    });

    await t.step("operations reference the components for bodies, errors and security", () => {
      const send = doc.paths["/rooms/{id}/messages"].post;
      assert.equal(
        send.requestBody.content["application/json"].schema.$ref,
        "#/components/schemas/SendMessageBody",
      );
      assert.equal(
        send.responses["201"].content["application/json"].schema.$ref,
        "#/components/schemas/MessageResponse",
      );
      assert.equal(
        doc.paths["/rooms/{id}"].get.responses["404"].content["application/json"].schema.$ref,
        "#/components/schemas/ErrorBody",
      );
      assert.deepEqual(doc.paths["/me"].get.security, [{ bearerAuth: [] }]);
      assert.equal(doc.paths["/auth/login"].post.security, undefined);
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
