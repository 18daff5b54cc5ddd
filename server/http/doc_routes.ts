/**
 * The API's documents, served under `/api/v1`: `openapi.json` (OpenAPI 3.1, from the route
 * definitions and the zod schemas of `shared/`), `asyncapi.json` (AsyncAPI 3.0, from the frame
 * schemas) and `docs`, a Swagger UI reference page rendered from the OpenAPI document. The page's
 * script and style come from the `swagger-ui-dist` package and are served from here, so the page
 * works offline and behind firewalls, not from a CDN.
 *
 * @module
 */
import { swaggerUI } from "@hono/swagger-ui";
import type { OpenAPIHono } from "@hono/zod-openapi";
import swaggerCss from "swagger-ui-dist/swagger-ui.css" with { type: "text" };
import swaggerJs from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "text" };
import { asyncApiDocument } from "./asyncapi_document.ts";
import type { AppEnv } from "./router.ts";

/** Paths of the documents, for links and tests. */
export const DOC_PATHS = {
  openapi: "/api/v1/openapi.json",
  asyncapi: "/api/v1/asyncapi.json",
  reference: "/api/v1/docs",
} as const;

const ASSETS = "/api/v1/docs/assets";

const DESCRIPTION = `JSON over HTTP. Send \`authorization: Bearer <access token>\` (from \
\`POST /api/v1/auth/login\`) on every route that lists the bearerAuth security requirement. \
Every error is \`{"error":{"code","message"}}\`; each response lists the codes it can carry.

The real-time WebSocket protocol at \`/api/v1/ws\` is described by the \
[AsyncAPI document](${DOC_PATHS.asyncapi}).`;

/**
 * Adds the document routes to `app`, the root application, once every API route is mounted on
 * it: the OpenAPI document lists the routes of `app`'s registry with their full paths.
 *
 * @param app the root application
 * @param version the API version, `version` of deno.json
 */
export function mountDocRoutes(app: OpenAPIHono<AppEnv>, version: string): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  app.doc31(DOC_PATHS.openapi, {
    openapi: "3.1.0",
    info: {
      title: "chat API",
      version,
      description: DESCRIPTION,
    },
    servers: [{ url: "/", description: "This server" }],
  });

  app.get(DOC_PATHS.asyncapi, function serveAsyncApi(c) {
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    return c.json(asyncApiDocument(version, host));
  });

  app.get(
    DOC_PATHS.reference,
    swaggerUI({
      title: "chat API reference",
      url: DOC_PATHS.openapi,
      baseUrl: ASSETS,
      validatorUrl: "none",
    }),
  );
  const assets: Record<string, [string, string]> = {
    "swagger-ui-bundle.js": [swaggerJs, "text/javascript; charset=utf-8"],
    "swagger-ui.css": [swaggerCss, "text/css; charset=utf-8"],
  };
  app.get(`${ASSETS}/swagger-ui-dist/:file`, function serveAsset(c) {
    const asset = assets[c.req.param("file")];
    if (!asset) return c.notFound();
    return c.body(asset[0], 200, {
      "content-type": asset[1],
      "cache-control": "public, max-age=86400",
    });
  });
}
