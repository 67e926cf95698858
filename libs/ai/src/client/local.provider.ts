import { LOCAL_MODEL } from '../config/ai.config';
import { LocalEngine } from '../local/local-engine';
import type { AiTaskInput, AiTaskName } from '../tasks/registry';
import type { AiCompletion, AiCompletionRequest, AiProvider } from './ai-provider';

/** The local engine behind the provider interface: answers as JSON text, so validation is identical. */
export class LocalProvider implements AiProvider {
  readonly id = 'local';
  readonly engine = 'local-engine' as const;

  constructor(private readonly engine_ = new LocalEngine()) {}

  async complete(req: AiCompletionRequest): Promise<AiCompletion> {
    const output = this.engine_.generate(req.task, req.input as AiTaskInput<AiTaskName>, req.attempt);
    // No tokens are consumed: the engine reads no prompt and samples no model.
    return { content: JSON.stringify(output), tokensIn: 0, tokensOut: 0, model: LOCAL_MODEL, finishReason: 'stop' };
  }
}
