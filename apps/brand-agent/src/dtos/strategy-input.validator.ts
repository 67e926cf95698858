import { z } from 'zod';
import { PLATFORM_IDS, type PlatformId } from '@mt/ai';
import { type BrandStrategyFields, type GenerateStrategyInput, MeshError, STRATEGY_LIMITS as L } from '@mt/messages';

const text = (min: number, max: number) => z.string().trim().min(min, `must be at least ${min} characters`).max(max, `must be at most ${max} characters`);
const platform = z.enum(PLATFORM_IDS as [PlatformId, ...PlatformId[]], { message: `must be one of ${PLATFORM_IDS.join(', ')}` });

const fields = z
  .object({
    valueProposition: text(L.valueProposition.min, L.valueProposition.max),
    positioning: text(0, L.positioning.max).nullable().optional(),
    audiences: z
      .array(
        z
          .object({ name: text(1, L.audiences.nameMax), needs: z.array(text(1, L.audiences.needMax)).max(L.audiences.needs), platforms: z.array(platform) })
          .strict(),
      )
      .min(L.audiences.min)
      .max(L.audiences.max),
    pillars: z
      .array(
        z.object({ name: text(1, L.pillars.nameMax), description: text(0, L.pillars.descriptionMax), sharePercent: z.number().int().min(0).max(100) }).strict(),
      )
      .min(L.pillars.min)
      .max(L.pillars.max)
      .refine((ps) => Math.abs(ps.reduce((s, p) => s + p.sharePercent, 0) - 100) <= 1, 'sharePercent values must add up to 100'),
    goals: z
      .array(z.object({ name: text(1, L.goals.nameMax), target: text(1, L.goals.targetMax) }).strict())
      .min(L.goals.min)
      .max(L.goals.max),
    keyMessages: z.array(text(1, L.keyMessages.itemMax)).max(L.keyMessages.max).optional(),
    channelMix: z
      .array(z.object({ platform, postsPerWeek: z.number().int().min(0).max(21), rationale: text(0, L.channelMix.rationaleMax) }).strict())
      .max(L.channelMix.max)
      .optional(),
  })
  .strict();

const generate = z
  .object({
    goals: z.array(text(1, L.jobGoals.itemMax)).max(L.jobGoals.max).optional(),
    competitorNotes: text(0, L.competitorNotes.max).optional(),
    platforms: z.array(platform).min(1).optional(),
  })
  .strict();

/**
 * A user's strategy edit (brand-agent's own check; the gateway validates too). The optional
 * fields the edit leaves out keep their value from `current` (a form that edits the four main
 * fields does not wipe the channel mix).
 */
export function validateStrategyEdit(raw: unknown, current: BrandStrategyFields | null): BrandStrategyFields {
  const v = parse(fields, raw);
  return {
    valueProposition: v.valueProposition,
    positioning: v.positioning !== undefined ? v.positioning || null : (current?.positioning ?? null),
    audiences: v.audiences,
    pillars: v.pillars,
    goals: v.goals,
    keyMessages: v.keyMessages ?? current?.keyMessages ?? [],
    channelMix: v.channelMix ?? current?.channelMix ?? [],
  };
}

export function validateGenerateStrategy(input: GenerateStrategyInput): { goals?: string[]; competitorNotes?: string; platforms?: PlatformId[] } {
  const { actor: _actor, brandId: _brandId, ...options } = input;
  return parse(generate, options);
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.flatMap((i) =>
    // An unknown key is named like the gateway names it, one error per key.
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: [...i.path, k].join('.'), message: 'is not a known field' }))
      : [{ field: i.path.join('.') || 'strategy', message: i.message }],
  );
  throw new MeshError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    status: 400,
    retryable: false,
    details: { errors },
  });
}
