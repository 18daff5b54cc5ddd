/**
 * Builds the HTTP application and the services behind it from explicit dependencies. Only
 * `main.ts` (and tests) call this; nothing here reads the environment or opens connections.
 *
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { ChatError, MAX_BODY_BYTES } from "../shared/mod.ts";
import type { AccessTokens } from "./auth/access_tokens.ts";
import { type AuthService, createAuthService } from "./auth/auth_service.ts";
import { createAccountService } from "./auth/account_service.ts";
import { createSessionRevoker } from "./auth/session_revoker.ts";
import type { PasswordHasher } from "./auth/password_hasher.ts";
import type { Bus } from "./bus/bus.ts";
import { createEventPublisher } from "./events/event_publisher.ts";
import { accessLog } from "./http/access_log.ts";
import { requireUser } from "./http/auth_middleware.ts";
import { authRoutes } from "./http/auth_routes.ts";
import { clientIp, proxyMatcher } from "./http/client_ip.ts";
import { mountDocRoutes } from "./http/doc_routes.ts";
import { errorHandler } from "./http/error_handler.ts";
import { healthRoutes } from "./http/health_routes.ts";
import { mentionRoutes } from "./http/mention_routes.ts";
import { messageActionRoutes } from "./http/message_action_routes.ts";
import { messageRoutes } from "./http/message_routes.ts";
import { metricsRoutes } from "./http/metrics_routes.ts";
import { roomRoutes } from "./http/room_routes.ts";
import { searchRoutes } from "./http/search_routes.ts";
import { sessionRoutes } from "./http/session_routes.ts";
import { corsPolicy, securityHeaders } from "./http/security_headers.ts";
import { type AppEnv, createRouter } from "./http/router.ts";
import type { RateLimits } from "./limits/rate_limits.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics/metrics.ts";
import type { Presence } from "./presence/presence.ts";
import { PresenceService } from "./presence/presence_service.ts";
import { limitRoomMentions } from "./mentions/limit_room_mentions.ts";
import { createMentionService } from "./mentions/mention_service.ts";
import { createMessageService, type MessageService } from "./messages/message_service.ts";
import { traceMessageSends } from "./tracing/trace_message_sends.ts";
import { createRoomService, type RoomService } from "./rooms/room_service.ts";
import { createSearchService } from "./search/search_service.ts";
import type { Store } from "./store/store.ts";
import { WsGateway } from "./ws/ws_gateway.ts";

/** Everything the application is built from. */
export interface AppDeps {
  store: Store;
  bus: Bus;
  hasher: PasswordHasher;
  accessTokens: AccessTokens;
  /** Lifetime of refresh tokens, in seconds. */
  refreshTokenTtl: number;
  logger: Logger;
  /** `version` of deno.json, for the OpenAPI and AsyncAPI documents. */
  version: string;
  limits: RateLimits;
  /** Reverse proxies whose `X-Forwarded-For` is believed (TRUSTED_PROXIES); default none. */
  trustedProxies?: readonly string[];
  /** Unsent bytes a WebSocket may hold; frames past it wait in the server (see `Connection`). */
  wsMaxBufferedBytes: number;
  /** Sockets a user may hold on this instance (WS_MAX_SOCKETS_PER_USER); default 20. */
  wsMaxSocketsPerUser?: number;
  /** The instance's metrics, served at `GET /metrics`. */
  metrics: Metrics;
  /** When set, `GET /metrics` requires it as a bearer token (METRICS_TOKEN). */
  metricsToken?: string | undefined;
  /**
   * Whether this app serves `GET /metrics`; false when `main.ts` serves it on a listener of its
   * own (METRICS_PORT). Default true.
   */
  serveMetrics?: boolean;
  /** Origins allowed to read the API from a browser (CORS_ORIGINS); default none. */
  corsOrigins?: readonly string[];
  presence: Presence;
  /** How long a connection counts as online without a heartbeat, in ms. */
  presenceTtlMs: number;
}

/** The built application. */
export interface App {
  /** Pass `app.fetch` to `Deno.serve`. */
  app: OpenAPIHono<AppEnv>;
  gateway: WsGateway;
  auth: AuthService;
  rooms: RoomService;
  messages: MessageService;
}

/** Wires services, routes and the WebSocket gateway. */
export function createApp(deps: AppDeps): App {
  const { store, bus, logger, metrics } = deps;
  const revoker = createSessionRevoker({ store, bus, logger });
  const auth = createAuthService({ ...deps, revoker });
  const presence = new PresenceService({
    presence: deps.presence,
    bus,
    store,
    logger,
    heartbeatMs: Math.max(100, Math.floor(deps.presenceTtlMs / 3)),
  });
  const publish = createEventPublisher(bus);
  const rooms = createRoomService({ store, publish, presence });
  const messages = traceMessageSends(
    limitRoomMentions(createMessageService({ store, publish, rooms, metrics }), deps.limits),
  );
  const account = createAccountService({
    store,
    hasher: deps.hasher,
    auth,
    revoker,
    rooms,
    messages,
  });
  const gateway = new WsGateway({
    auth,
    messages,
    publish,
    store,
    bus,
    logger,
    maxBufferedBytes: deps.wsMaxBufferedBytes,
    maxSocketsPerUser: deps.wsMaxSocketsPerUser ?? 20,
    limitSend: deps.limits.wsSend,
    metrics,
    presence,
  });
  const authenticate = requireUser(auth, deps.limits);

  const app = createRouter();
  app.onError(errorHandler(logger));
  app.notFound((c) => {
    const err = new ChatError("not_found", `No route for ${c.req.method} ${c.req.path}`);
    return c.json(err.toBody(), 404);
  });
  app.use(requestId());
  app.use(clientIp({ trusted: proxyMatcher(deps.trustedProxies ?? []) }));
  app.use(accessLog({ logger, metrics }));
  app.use(securityHeaders());
  app.use("/api/*", corsPolicy(deps.corsOrigins ?? []));
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        const err = new ChatError("payload_too_large", "Request body is larger than 64 KiB");
        return c.json(err.toBody(), 413);
      },
    }),
  );
  app.route("/", healthRoutes(store, bus));
  if (deps.serveMetrics ?? true) {
    app.route("/", metricsRoutes({ metrics, token: deps.metricsToken }));
  }

  const api = createRouter();
  api.get("/ws", (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      const err = new ChatError("invalid_request", "Expected a WebSocket upgrade request");
      return c.json(err.toBody(), 400);
    }
    if (!gateway.accepting) {
      const err = new ChatError("unavailable", "Server is restarting: reconnect shortly");
      return c.json(err.toBody(), 503);
    }
    // Deno pings an idle socket after idleTimeout seconds and closes it if no pong comes back
    // within as long again, so dead connections are reaped within 60 s.
    const { socket, response } = Deno.upgradeWebSocket(c.req.raw, { idleTimeout: 30 });
    gateway.accept(socket);
    return response;
  });
  api.route("/", authRoutes(auth, authenticate));
  api.route("/", sessionRoutes(authenticate, account));
  api.route("/", roomRoutes(authenticate, rooms));
  api.route("/", messageRoutes(authenticate, messages));
  api.route("/", searchRoutes(authenticate, createSearchService({ store, rooms })));
  api.route("/", mentionRoutes(authenticate, createMentionService({ store, rooms })));
  api.route("/", messageActionRoutes(authenticate, messages));
  app.route("/api/v1", api);
  // Last: the OpenAPI document lists the routes mounted on `app` so far, with their full paths.
  mountDocRoutes(app, deps.version);

  return { app, gateway, auth, rooms, messages };
}
