import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * How guessable a password is, by zxcvbn-ts (ADR 104): common and leaked-password lists, English
 * words and names, keyboard walks, repeats, sequences, dates and l33t substitutions, each scored
 * by the guesses an attacker would need.
 *
 * Built on the first check, not at start-up (ADR 192): the dictionaries hold ~25 MB of heap
 * (~65 MB of RSS in a process of their own) that an auth-agent which registers nobody, or only
 * resets passwords now and then, never needs. The first check pays the build once (~0.7 s of CPU).
 */
let estimator: ZxcvbnFactory | undefined;

function estimatorOnce(): ZxcvbnFactory {
  if (!estimator) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    const english = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
    /* eslint-enable @typescript-eslint/no-require-imports */
    estimator = new Factory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
      // Only the first 64 characters are scored: a longer password is no weaker than its start, and
      // scoring 128 characters costs seconds of CPU a registration could make us spend.
      maxLength: 64,
    });
  }
  return estimator;
}

/** zxcvbn's score 3 ("safely unguessable: moderate protection from offline attacks") or better is required. */
export const MIN_PASSWORD_SCORE = 3;

/** Why the password is too easy to guess, or null when it is not. `userInputs` (email, name) count as known words. */
export function guessabilityProblem(password: string, userInputs: string[] = []): string | null {
  const result = estimatorOnce().check(password, userInputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning?.replace(/\.$/, '');
  return warning ? `is too easy to guess (${warning})` : 'is too easy to guess';
}
