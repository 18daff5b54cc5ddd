/**
 * An in-memory OpenTelemetry tracer for unit tests of spans: registered globally with
 * `@opentelemetry/api` (as Deno's built-in one is under `OTEL_DENO=true`), with a context
 * manager on `AsyncLocalStorage`, it records every span started, its attributes, status and end.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import {
  type Context,
  context,
  type ContextManager,
  ROOT_CONTEXT,
  type Span,
  type SpanStatus,
  trace,
  type Tracer,
  type TracerProvider,
} from "@opentelemetry/api";

/** What the test sees of a span. */
export interface RecordedSpan {
  name: string;
  attributes: Record<string, unknown>;
  status: SpanStatus | undefined;
  ended: boolean;
}

/** Where spans go: set while a `withRecordingTracer` call runs. */
let sink: RecordedSpan[] | undefined;
let providerRegistered = false;

function startSpan(name: string): Span {
  const recorded: RecordedSpan = { name, attributes: {}, status: undefined, ended: false };
  const recording = sink !== undefined;
  sink?.push(recorded);
  const span = {
    spanContext: () => ({ traceId: "1".repeat(32), spanId: "2".repeat(16), traceFlags: 1 }),
    isRecording: () => recording && !recorded.ended,
    setAttribute: (key: string, value: unknown) => {
      recorded.attributes[key] = value;
      return span;
    },
    setStatus: (status: SpanStatus) => {
      recorded.status = status;
      return span;
    },
    end: () => {
      recorded.ended = true;
    },
  };
  return span as unknown as Span;
}

const tracer = {
  startSpan,
  startActiveSpan: (name: string, ...rest: unknown[]) => {
    const callback = rest.at(-1) as (span: Span) => unknown;
    const span = startSpan(name);
    return context.with(trace.setSpan(context.active(), span), () => callback(span));
  },
} as unknown as Tracer;

const provider: TracerProvider = { getTracer: () => tracer };

const storage = new AsyncLocalStorage<Context>();
const manager: ContextManager = {
  active: () => storage.getStore() ?? ROOT_CONTEXT,
  with: (ctx, callback, thisArg, ...args) =>
    storage.run(ctx, () => callback.call(thisArg, ...args)),
  bind: (_ctx, target) => target,
  enable: () => manager,
  disable: () => manager,
};

/**
 * Runs `fn` with spans recorded and the context manager installed, then uninstalls the context
 * manager (also on failure). The tracer provider stays registered for the rest of the test file:
 * `@opentelemetry/api` caches it in every tracer handed out before (the server's `tracer`);
 * outside this call its spans do not record.
 *
 * @param fn the test; `spans` fills as spans start
 * @throws {Error} when another tracer provider or context manager is already registered
 */
export async function withRecordingTracer(
  fn: (spans: RecordedSpan[]) => Promise<void>,
): Promise<void> {
  if (!providerRegistered) {
    if (!trace.setGlobalTracerProvider(provider)) {
      throw new Error("Another tracer provider is already registered");
    }
    providerRegistered = true;
  }
  if (!context.setGlobalContextManager(manager)) {
    throw new Error("Another context manager is already registered");
  }
  sink = [];
  try {
    await fn(sink);
  } finally {
    sink = undefined;
    context.disable();
  }
}
