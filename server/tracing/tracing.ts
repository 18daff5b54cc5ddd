/**
 * Traces of the message path, with Deno's built-in OpenTelemetry: `OTEL_DENO=true` makes Deno
 * register its tracer provider and W3C propagator with `@opentelemetry/api` and export spans over
 * OTLP (the standard `OTEL_EXPORTER_OTLP_*` variables). No SDK is bundled. Without `OTEL_DENO`
 * the API's no-op tracer answers, and every call here costs a few property reads.
 *
 * A message's trace: `chat.send` (the WebSocket frame) → `chat.store` (the group commit it
 * joined) → `chat.publish` (the bus) → on every instance, `chat.deliver` (to its sockets). The
 * trace context crosses instances inside the bus event ({@linkcode TraceCarrier}).
 *
 * @module
 */
import { type Context, context, propagation, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import denoJson from "../../deno.json" with { type: "json" };

/** The server's tracer. */
export const tracer = trace.getTracer("chat-server", denoJson.version);

/** W3C trace context (the `traceparent` and `tracestate` headers) carried in a bus event. */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/**
 * The trace context of the active span, to put in a bus event.
 *
 * @returns the carrier, or undefined when no span records (tracing off, or not sampled): the
 * event then carries nothing
 */
export function currentTraceCarrier(): TraceCarrier | undefined {
  const active = context.active();
  if (!trace.getSpan(active)?.isRecording()) return undefined;
  const carrier: Partial<TraceCarrier> = {};
  propagation.inject(active, carrier);
  return carrier.traceparent ? carrier as TraceCarrier : undefined;
}

/** The context a carrier from a bus event names; the root context when there is none. */
export function contextOf(carrier: TraceCarrier | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/**
 * `trace_id` and `span_id` of the active span, for log lines (the logger's mixin).
 *
 * @returns both ids, or an empty object outside a recording span
 */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
