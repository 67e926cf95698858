import { Injectable } from '@nestjs/common';
import type {
  AbTestConcludedEvent,
  Actor,
  ContentApprovedEvent,
  ContentDeletedEvent,
  ContentUpdatedEvent,
  PageQuery,
  VoiceFeedbackKind,
  VoiceFeedbackPage,
} from '@mt/messages';
import { decodeCursor, pageSize, toPage } from '@mt/runtime';
import { BrandRepository } from '../repositories/brand.repository';
import { type NewVoiceFeedback, VoiceFeedbackRepository } from '../repositories/voice-feedback.repository';
import { VoiceRepository } from '../repositories/voice.repository';
import { BrandRoleService } from './brand-role.service';
import { editDiff } from './voice-learning';
import { VoiceVersionWriter } from './voice-version.writer';

/**
 * The learning loop: what the team accepts, edits and rejects, and what wins A/B tests, is
 * recorded and re-derives the voice (rules in voice-learning.ts). These run inside the event
 * handler's transaction: no AI and no questions to other agents, only local reads and writes.
 */
@Injectable()
export class VoiceFeedbackService {
  constructor(
    private readonly access: BrandRoleService,
    private readonly brands: BrandRepository,
    private readonly voices: VoiceRepository,
    private readonly feedback: VoiceFeedbackRepository,
    private readonly writer: VoiceVersionWriter,
  ) {}

  approved(e: ContentApprovedEvent, at: string): Promise<void> {
    return this.record({ ...blank(e.content.brandId, 'accepted', e.content.id, e.by, at), text: e.content.body });
  }

  /** Only a user's edit of the text teaches; choosing another variant is not an edit. */
  async updated(e: ContentUpdatedEvent, at: string): Promise<void> {
    if (e.change !== 'edit' || e.previousBody === e.content.body) return;
    const { removed, added } = editDiff(e.previousBody, e.content.body);
    await this.record({
      ...blank(e.content.brandId, 'edited', e.content.id, e.by, at),
      text: e.content.body,
      previousText: e.previousBody,
      removedWords: removed,
      addedWords: added,
    });
  }

  /** A deleted post counts as rejected; its text is known when it was accepted or edited before. */
  async deleted(e: ContentDeletedEvent, at: string): Promise<void> {
    // A draft dropped because its calendar slot was planned again was never judged by anyone.
    if (e.reason === 'replaced') return;
    const text = await this.feedback.lastTextOf(e.contentId);
    await this.record({ ...blank(e.brandId, 'rejected', e.contentId, e.by, at), text });
  }

  abTestConcluded(e: AbTestConcludedEvent, at: string): Promise<void> {
    // A winner decided on simulated numbers says nothing about the real audience.
    if (e.simulated) return Promise.resolve();
    return this.record({ ...blank(e.brandId, 'ab-winner', e.contentId, null, at), text: e.winnerBody });
  }

  async list(actor: Actor, brandId: string, kind: VoiceFeedbackKind | undefined, page: PageQuery): Promise<VoiceFeedbackPage> {
    const brand = await this.access.require(actor, brandId, 'viewer');
    const limit = pageSize(page?.limit);
    const rows = await this.feedback.page(brand.id, kind, limit + 1, decodeCursor(page?.cursor));
    return toPage(rows, limit, ({ createdKey: _key, ...item }) => item);
  }

  /** Feedback on a brand that is gone is dropped; feedback before any samples waits for the first analysis. */
  private async record(f: NewVoiceFeedback): Promise<void> {
    const brand = await this.brands.lockById(f.brandId);
    if (!brand) return;
    const id = await this.feedback.insert(f);
    const current = await this.voices.latest(brand.id);
    if (!current) return;
    const profile = await this.writer.writeLearned(brand, current);
    if (profile) await this.feedback.setVoiceVersion(id, profile.version);
  }
}

/** `at`: when the event happened (its envelope's `source_timestamp`), the record's place in the list. */
function blank(brandId: string, kind: VoiceFeedbackKind, contentId: string | null, by: string | null, at: string): NewVoiceFeedback {
  return { brandId, kind, contentId, text: null, previousText: null, removedWords: [], addedWords: [], by, at };
}
