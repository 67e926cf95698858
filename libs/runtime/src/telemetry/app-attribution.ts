import { type Context, createContextKey, SpanKind, trace } from '@opentelemetry/api';
import { resources, tracing } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * Which app of the platform a piece of work belongs to. Same key (Symbol.for) as
 * `APP_CONTEXT_KEY` in libs/messages, which sets it around each agent's consumer and relay.
 */
export const APP_KEY = createContextKey('marketing-team.app');
/** The span attribute carrying the app; in the one-process mode it becomes the exported service.name. */
export const APP_ATTRIBUTE = 'marketing_team.app';

/**
 * Stamps every span with the app it was started in: the app in its context, else its parent's
 * app, else (an inbound HTTP request, whose context starts empty) the app that serves HTTP.
 *
 * One OpenTelemetry SDK has one resource, but `npm start` runs six apps in one process. So the
 * span also gets its app's own resource (service.name = the app, the process's name kept as
 * service.namespace), and Jaeger shows gateway → strategy-agent → creation-agent the same way in
 * both run modes. Spans of no app stay on the process's resource. The resource is set when the
 * span starts: a wrapper per span at export time (an object whose prototype is the span) was 1.2 %
 * of a traced gateway's CPU samples, and made every read of the span by the serializer a
 * prototype lookup (ADR 217).
 */
export class AppAttributionProcessor implements tracing.SpanProcessor {
  private readonly byApp = new Map<string, resources.Resource>();

  constructor(private readonly httpApp: string | undefined) {}

  onStart(span: tracing.Span, parent: Context): void {
    const fromContext = parent.getValue(APP_KEY);
    const parentSpan = trace.getSpan(parent) as unknown as { attributes?: Record<string, unknown> } | undefined;
    const app = fromContext ?? parentSpan?.attributes?.[APP_ATTRIBUTE] ?? (span.kind === SpanKind.SERVER ? this.httpApp : undefined);
    if (typeof app !== 'string') return;
    span.setAttribute(APP_ATTRIBUTE, app);
    // The SDK's span keeps its resource in a plain property (read by the exporter only).
    (span as { resource: resources.Resource }).resource = this.resourceOf(app, span.resource);
  }
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private resourceOf(app: string, base: resources.Resource): resources.Resource {
    let r = this.byApp.get(app);
    if (!r) {
      const processName = base.attributes[ATTR_SERVICE_NAME];
      r = base.merge(
        resources.resourceFromAttributes({
          [ATTR_SERVICE_NAME]: app,
          ...(base.attributes['service.namespace'] === undefined && typeof processName === 'string' ? { 'service.namespace': processName } : {}),
        }),
      );
      this.byApp.set(app, r);
    }
    return r;
  }
}
