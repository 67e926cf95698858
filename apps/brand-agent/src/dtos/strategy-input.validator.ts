import type { z } from 'zod';
import {
  type BrandStrategyFields,
  checkedByShape,
  type GenerateStrategyInput,
  StrategyEditShape,
  type StrategyJobOptions,
  StrategyJobOptionsShape,
} from '@mt/messages';
import { GATEWAY_WORDING } from './brand-input.validator';

/**
 * A user's strategy edit (brand-agent's own check, with the gateway's shape, ADR 199). The optional
 * fields the edit leaves out keep their value from `current` (a form that edits the four main
 * fields does not wipe the channel mix): the one rule here that needs the stored strategy.
 */
export function validateStrategyEdit(raw: unknown, current: BrandStrategyFields | null): BrandStrategyFields {
  const v = parse(StrategyEditShape, raw);
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

/** A strategy job's input as any sender may have written it: its static type is what this check makes true. */
type UncheckedJobInput = { [K in keyof GenerateStrategyInput]?: unknown };

/** A strategy job's options, checked with the gateway's shape (any agent may send the task). */
export function validateGenerateStrategy(input: UncheckedJobInput): StrategyJobOptions {
  const { actor: _actor, brandId: _brandId, ...options } = input;
  return parse(StrategyJobOptionsShape, options);
}

/** The input, or VALIDATION_FAILED with field errors: a list item named by its index (`platforms.0`), an input that is not an object as `strategy`. */
function parse<S extends z.ZodType>(shape: S, raw: unknown): z.output<S> {
  return checkedByShape(shape, raw, { ...GATEWAY_WORDING, field: (path) => path || 'strategy' });
}
