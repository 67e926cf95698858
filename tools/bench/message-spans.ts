/**
 * The bare component of the mesh's tracing, for bench:mesh: one recorded message's three spans as
 * the mesh and the pg instrumentation make them (ADR 191), on a tracer provider of its own with the
 * batch processor and the OTLP exporter, and nothing else: no mesh code, no context manager, no
 * instrumentation. The spans:
 * - the CONSUMER `process` span, with the `create` event of the message's outbox row;
 * - the handler's INSERT, its child;
 * - the relay's PRODUCER `send` span, its child.
 * Made in three steps (begin, query, finish), so the same spans are made either one after the other
 * (the floor's loop, ADR 235) or where an agent's handler does its work (the in-situ floor, ADR 244).
 */
import { type Attributes, type Context, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { useSpanSerializer } from '../../libs/runtime/src/telemetry/otlp-span-serializer';
import { loadTelemetrySettings } from '../../libs/runtime/src/telemetry/config/telemetry.config';
import { ownedSpanStarter } from '../../libs/runtime/src/telemetry/owned-spans';
import { QueueingBatchSpanProcessor } from '../../libs/runtime/src/telemetry/sdk';

/**
 * 'sdk': the SDK's tracer and batch processor; 'owned': the owned-span starter and the apps' batch
 * processor, as the apps make the mesh's and pg's spans (ADRs 233, 243). The protobuf body is
 * written by the apps' serializer in both (ADR 170).
 */
export type SpanMaker = 'sdk' | 'owned';

export interface BarePipeline {
  spans: MessageSpans;
  /** Spans handed to the exporter so far. */
  exported(): number;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** A message's spans while it is handled: the consumer span and the context its children take. */
export interface BegunMessage {
  span: Span;
  context: Context;
  conversationId: string;
}

export interface MessageSpans {
  /** The consumer span of a message, as the consumer starts it before the handler runs. */
  begin(messageId: string, conversationId: string): BegunMessage;
  /** The handler's INSERT, started before the statement is sent. */
  query(message: BegunMessage): Span;
  /**
   * After the statement: its span ends, the outbox row's `create` event is added, the consumer span
   * ends and the relay's `send` span for the row is made.
   */
  finish(message: BegunMessage, query: Span, outMessageId: string): void;
  /** The three steps one after the other. */
  make(messageId: string, conversationId: string, outMessageId: string): void;
}

/**
 * The pipeline: the exporter sends to `url` (its /v1/traces), else to the OTEL_* variables'
 * endpoint; the batch processor has the apps' batch and queue sizes.
 */
export function barePipeline(maker: SpanMaker, url?: string): BarePipeline {
  const exporter = new OTLPTraceExporter(url ? { url: `${url}/v1/traces` } : {});
  useSpanSerializer(exporter);
  let exported = 0;
  const exportSpans = exporter.export.bind(exporter);
  exporter.export = (spans, done) => {
    exported += spans.length;
    exportSpans(spans, done);
  };
  // The batch sizes the traced arm's own SDK has (the same OTEL_BSP_* variables, else ADR 233's).
  const spanBatching = loadTelemetrySettings().spanBatching;
  const batching =
    maker === 'owned' ? new QueueingBatchSpanProcessor(exporter, { ...spanBatching }) : new tracing.BatchSpanProcessor(exporter, { ...spanBatching });
  const provider = new tracing.BasicTracerProvider({ sampler: new tracing.AlwaysOnSampler(), spanProcessors: [batching] });
  const tracer = provider.getTracer('bench-baseline');
  const owned = maker === 'owned' ? ownedSpanStarter(tracer) : undefined;
  if (maker === 'owned' && !owned) throw new Error('no owned-span starter for this SDK: its floor cannot be measured');
  const start = (name: string, kind: SpanKind, attributes: Attributes, ctx: Context) =>
    owned ? owned(name, kind, attributes, ctx) : tracer.startSpan(name, { kind, attributes }, ctx);
  return {
    spans: messageSpans(start),
    exported: () => exported,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

function messageSpans(start: (name: string, kind: SpanKind, attributes: Attributes, ctx: Context) => Span): MessageSpans {
  return {
    make(messageId, conversationId, outMessageId) {
      const message = this.begin(messageId, conversationId);
      this.finish(message, this.query(message), outMessageId);
    },
    begin(messageId, conversationId) {
      const span = start(
        'process bench.ordered',
        SpanKind.CONSUMER,
        {
          'messaging.system': 'rabbitmq',
          'messaging.destination.name': 'bench.consumer',
          'messaging.message.id': messageId,
          'messaging.message.conversation_id': conversationId,
          'messaging.operation.type': 'process',
          'marketing_team.retry_count': 0,
        },
        ROOT_CONTEXT,
      );
      return { span, context: trace.setSpan(ROOT_CONTEXT, span), conversationId };
    },
    query(message) {
      return start(
        'INSERT bench',
        SpanKind.CLIENT,
        {
          'db.system.name': 'postgresql',
          'db.namespace': 'bench',
          'db.query.text': 'INSERT INTO consumer.effects (message_id, n) VALUES ($1, $2)',
          'db.operation.name': 'INSERT',
          'server.address': '127.0.0.1',
          'server.port': 5432,
        },
        message.context,
      );
    },
    finish(message, query, outMessageId) {
      query.end();
      message.span.addEvent('create bench.processed', {
        'messaging.message.id': outMessageId,
        'messaging.destination.name': 'bench.events',
        'messaging.rabbitmq.destination.routing_key': 'bench.processed',
      });
      message.span.end();
      start(
        'send bench.processed',
        SpanKind.PRODUCER,
        {
          'messaging.system': 'rabbitmq',
          'messaging.destination.name': 'bench.events',
          'messaging.rabbitmq.destination.routing_key': 'bench.processed',
          'messaging.message.id': outMessageId,
          'messaging.message.conversation_id': message.conversationId,
          'messaging.operation.type': 'send',
          'marketing_team.outbox': true,
        },
        message.context,
      ).end();
    },
  };
}

/**
 * The in-situ floor (ADR 244): an untraced agent's handler makes, for each message the run's sampler
 * would record at the root of its trace, the three spans above where its work happens, and nothing
 * else of tracing. Its caches and heap are the agent's, as the apps' tracing meets them.
 * 'batched': the handler keeps only each recorded message's ids, and the spans of 64 messages are
 * made together in a loop (and the rest when the block ends): the same spans, their code run hot.
 */
export type InSituMaker = SpanMaker | 'batched';

export interface InSituSpans {
  /** At the handler's start: what the message's spans need later, if its trace is recorded. */
  begin(env: { trace_id: string; message_id: string; correlation_id: string }): InSituMessage | undefined;
  /** After the handler's statement and its outbox row. */
  finish(begun: InSituMessage | undefined, outMessageId: string): void;
  /** Makes what waits and exports every span ended so far. */
  flush(): Promise<void>;
}

export type InSituMessage = { message: BegunMessage; query: Span } | { messageId: string; conversationId: string };

const BATCH = 64;

export function inSituSpans(maker: InSituMaker, url: string, sampler: string, ratio: number): InSituSpans {
  const batched = maker === 'batched';
  const pipeline = barePipeline(batched ? 'owned' : maker, url);
  const { spans } = pipeline;
  const decide = sampler.includes('traceidratio') ? new tracing.TraceIdRatioBasedSampler(ratio) : sampler.includes('always_off') ? undefined : 'all';
  const recorded = (traceId: string) =>
    decide === 'all' || (decide !== undefined && decide.shouldSample(ROOT_CONTEXT, traceId).decision === tracing.SamplingDecision.RECORD_AND_SAMPLED);
  const waiting: { messageId: string; conversationId: string; outMessageId: string }[] = [];
  const makeWaiting = () => {
    for (const w of waiting) spans.make(w.messageId, w.conversationId, w.outMessageId);
    waiting.length = 0;
  };
  return {
    begin(env) {
      if (!recorded(env.trace_id)) return undefined;
      if (batched) return { messageId: env.message_id, conversationId: env.correlation_id };
      const message = spans.begin(env.message_id, env.correlation_id);
      return { message, query: spans.query(message) };
    },
    finish(begun, outMessageId) {
      if (!begun) return;
      if ('message' in begun) {
        spans.finish(begun.message, begun.query, outMessageId);
        return;
      }
      waiting.push({ ...begun, outMessageId });
      if (waiting.length >= BATCH) makeWaiting();
    },
    flush() {
      makeWaiting();
      return pipeline.forceFlush();
    },
  };
}
