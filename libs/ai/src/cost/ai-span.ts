import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@mt/ai');

export interface AiAttemptOutcome {
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  outcome: string;
  errorCode: string | null;
  model?: string;
}

/**
 * One span per AI attempt (OpenTelemetry GenAI conventions where they fit): provider, model, task,
 * tokens in/out, cost, outcome and error code. Never the prompt or the completion text. Without an
 * SDK the API hands out non-recording spans, so this costs next to nothing.
 */
export class AiAttemptSpan {
  private readonly span: Span;

  constructor(provider: string, model: string, task: string, attempt: number) {
    this.span = tracer.startSpan(`chat ${model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': provider,
        'gen_ai.request.model': model,
        'marketing_team.ai.task': task,
        'marketing_team.ai.attempt': attempt,
      },
    });
  }

  /** Runs the provider call inside the span, so its HTTP request (undici) is the span's child. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return context.with(trace.setSpan(context.active(), this.span), fn);
  }

  end(o: AiAttemptOutcome): void {
    this.span.setAttributes({
      'gen_ai.usage.input_tokens': o.tokensIn,
      'gen_ai.usage.output_tokens': o.tokensOut,
      'marketing_team.ai.cost_usd': o.costUsd,
      'marketing_team.ai.outcome': o.outcome,
      ...(o.model ? { 'gen_ai.response.model': o.model } : {}),
    });
    if (o.errorCode) {
      this.span.setAttribute('error.type', o.errorCode);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: o.errorCode });
    }
    this.span.end();
  }
}
