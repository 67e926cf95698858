import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CONTENT_EVENTS, type EventEnvelope, OnEvent, type TargetsAdapted } from '@mt/messages';
import { TargetAdaptationStore } from '../services/target-adaptation.store';

/** creation-agent's adapted texts land on the post's targets (ADR 194). */
@Controller()
export class TargetsAdaptedHandler {
  constructor(private readonly store: TargetAdaptationStore) {}

  @OnEvent(CONTENT_EVENTS.targetsAdapted)
  async adapted(@Payload() e: EventEnvelope<TargetsAdapted>): Promise<void> {
    await this.store.store(e.payload);
  }
}
