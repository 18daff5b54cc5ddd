/**
 * Carries a message's trace across the bus: `publish` inside a traced span opens `chat.publish`
 * and puts the W3C trace context in the event; a handler receiving such an event, on this
 * instance or another, runs inside `chat.deliver`, a child of that context. Events published
 * outside a trace (typing, presence) pass through untouched, and with tracing off nothing is
 * added.
 *
 * @module
 */
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Bus, BusEvent, BusHandler } from "../bus/bus.ts";
import { contextOf, currentTraceCarrier, tracer } from "./tracing.ts";

/**
 * Wraps `bus` with the spans above; everything else passes through.
 *
 * @param bus the bus to trace (normally already instrumented for metrics)
 * @returns a bus with the same behaviour
 */
export function traceBus(bus: Bus): Bus {
  /** The wrapper given to `bus` for each handler and channel, so that unsubscribe finds it. */
  const wrappers = new Map<BusHandler, Map<string, BusHandler>>();
  return {
    ...bus,
    publish(channel, event) {
      if (!trace.getActiveSpan()?.isRecording()) return bus.publish(channel, event);
      const attributes = { "messaging.destination.name": channel };
      return tracer.startActiveSpan(
        "chat.publish",
        { kind: SpanKind.PRODUCER, attributes },
        async (span) => {
          try {
            const carrier = currentTraceCarrier();
            await bus.publish(channel, carrier ? { ...event, trace: carrier } : event);
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
            throw err;
          } finally {
            span.end();
          }
        },
      );
    },
    subscribe(channel, handler) {
      const wrapped = (event: BusEvent) => {
        if (!event.trace) return handler(event);
        const attributes = { "messaging.destination.name": channel };
        tracer.startActiveSpan(
          "chat.deliver",
          { kind: SpanKind.CONSUMER, attributes },
          contextOf(event.trace),
          (span) => {
            try {
              handler(event);
            } finally {
              span.end();
            }
          },
        );
      };
      const byChannel = wrappers.get(handler) ?? new Map<string, BusHandler>();
      byChannel.set(channel, wrapped);
      wrappers.set(handler, byChannel);
      return bus.subscribe(channel, wrapped);
    },
    unsubscribe(channel, handler) {
      const byChannel = wrappers.get(handler);
      const wrapped = byChannel?.get(channel) ?? handler;
      byChannel?.delete(channel);
      if (byChannel?.size === 0) wrappers.delete(handler);
      return bus.unsubscribe(channel, wrapped);
    },
  };
}
