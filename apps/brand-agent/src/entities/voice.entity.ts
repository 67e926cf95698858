import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { VoiceFeedbackKind, VoiceProfile } from '@mt/messages';
import type { VoiceAnalysis } from '../services/voice-profile.mapper';

/** A writing sample a user gave to learn the voice from (one row per sample of a job). */
@Entity({ name: 'voice_sample' })
export class VoiceSampleEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ name: 'job_id', type: 'uuid' }) jobId!: string;
  @Column({ type: 'int' }) position!: number;
  @Column({ type: 'text' }) body!: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** One version of a brand's voice; never updated (history). */
@Entity({ name: 'voice_profile_version' })
export class VoiceProfileVersionEntity {
  @Index('voice_profile_version_id_idx', { unique: true })
  @Column({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;
  @PrimaryColumn({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column({ type: 'jsonb' }) profile!: VoiceProfile;
  /** The AI's analysis of the samples this version builds on, before the learning loop's changes. */
  @Column({ type: 'jsonb' }) base!: VoiceAnalysis;
  @Column({ type: 'text' }) source!: 'samples' | 'feedback';
  @Column({ name: 'job_id', type: 'uuid', nullable: true, unique: true }) jobId!: string | null;
  @Index('voice_profile_version_created_at_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** What the learning loop recorded from content and A/B test events. */
@Entity({ name: 'voice_feedback' })
export class VoiceFeedbackEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'brand_id', type: 'uuid' }) brandId!: string;
  @Column({ type: 'text' }) kind!: VoiceFeedbackKind;
  @Column({ name: 'content_id', type: 'uuid', nullable: true }) contentId!: string | null;
  @Column({ type: 'text', nullable: true }) text!: string | null;
  @Column({ name: 'previous_text', type: 'text', nullable: true }) previousText!: string | null;
  @Column({ name: 'removed_words', type: 'text', array: true }) removedWords!: string[];
  @Column({ name: 'added_words', type: 'text', array: true }) addedWords!: string[];
  @Column({ name: 'by_user', type: 'uuid', nullable: true }) byUser!: string | null;
  @Column({ name: 'voice_version', type: 'int', nullable: true }) voiceVersion!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
