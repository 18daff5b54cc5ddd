/**
 * An OTLP/HTTP receiver for tests, in the JSON encoding (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`):
 * it keeps the spans that processes started with `OTEL_DENO=true` export to it, flattened with
 * their service name, and answers the other signals (logs, metrics) without keeping them.
 *
 * @module
 */

/** A span as the receiver keeps it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** `service.name` of the resource that sent it (OTEL_SERVICE_NAME). */
  service: string;
  /** Attribute values: strings, numbers (OTLP/JSON sends integers as strings) and booleans. */
  attributes: Record<string, string | number | boolean>;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  /** Every span received so far. */
  readonly spans: ReceivedSpan[];
  close(): Promise<void>;
}

interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface ExportTraceRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes?: KeyValue[];
      }[];
    }[];
  }[];
}

/** Starts a receiver on a free loopback port. */
export function startOtlpReceiver(): OtlpReceiver {
  const spans: ReceivedSpan[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    if (req.method !== "POST") return new Response(null, { status: 405 });
    if (new URL(req.url).pathname !== "/v1/traces") {
      await req.body?.cancel();
      return Response.json({});
    }
    const body = await req.json() as ExportTraceRequest;
    for (const resourceSpan of body.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpan.resource?.attributes);
      for (const scope of resourceSpan.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? "",
            name: span.name,
            service: String(resource["service.name"] ?? ""),
            attributes: attributesOf(span.attributes),
          });
        }
      }
    }
    return Response.json({});
  });
  return {
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    spans,
    close: () => server.shutdown(),
  };
}

function attributesOf(list: KeyValue[] = []): Record<string, string | number | boolean> {
  return Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: AnyValue): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return "";
}
