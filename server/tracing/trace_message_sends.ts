/**
 * The root of a message's trace: `chat.send`, around the message service's `send` (from a
 * WebSocket `send` frame, or `POST /rooms/{id}/messages` under Deno's HTTP span). The store and
 * the bus add their spans beneath it (`group_commit.ts`, `trace_bus.ts`).
 *
 * @module
 */
import { SpanStatusCode } from "@opentelemetry/api";
import type { MessageService } from "../messages/message_service.ts";
import { tracer } from "./tracing.ts";

/**
 * Wraps `service.send` in a `chat.send` span carrying the room id, then the stored message's
 * seq; the other methods pass through.
 */
export function traceMessageSends(service: MessageService): MessageService {
  return {
    ...service,
    send: (sender, outgoing) =>
      tracer.startActiveSpan("chat.send", async (span) => {
        span.setAttribute("chat.room_id", outgoing.roomId);
        try {
          const sent = await service.send(sender, outgoing);
          span.setAttribute("chat.message.seq", sent.message.seq);
          span.setAttribute("chat.message.duplicate", sent.duplicate);
          return sent;
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
          throw err;
        } finally {
          span.end();
        }
      }),
  };
}
