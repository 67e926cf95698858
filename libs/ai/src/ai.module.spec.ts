import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AiModule } from './ai.module';
import { AiService } from './ai.service';
import { loadAiConfig } from './config/ai.config';
import { InMemoryAiStore } from './cost/ai-store';
import { sampleInputs } from './testing/fixtures';

@Injectable()
class ContentWriter {
  constructor(readonly ai: AiService) {}
}

describe('AiModule', () => {
  it('lets an agent inject AiService and run a task on the configured provider', async () => {
    const store = new InMemoryAiStore();
    @Module({ imports: [AiModule.forRoot(loadAiConfig({}), { store })], providers: [ContentWriter] })
    class AgentModule {}
    const app = await NestFactory.createApplicationContext(AgentModule, { logger: false });
    try {
      const writer = app.get(ContentWriter);
      const { meta } = await writer.ai.run('inbox-reply', sampleInputs()['inbox-reply'], { agent: 'publishing-agent', brandId: 'b1' });
      expect(meta.provider).toBe('local');
      expect(store.logs.map((l) => [l.agent, l.task, l.outcome])).toEqual([['publishing-agent', 'inbox-reply', 'succeeded']]);
    } finally {
      await app.close();
    }
  });
});
