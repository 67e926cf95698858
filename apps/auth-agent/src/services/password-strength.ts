import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

/**
 * How guessable a password is, by zxcvbn-ts (ADR 104): common and leaked-password lists, English
 * words and names, keyboard walks, repeats, sequences, dates and l33t substitutions, each scored
 * by the guesses an attacker would need. Built once: the dictionaries take a moment to load.
 */
const estimator = new ZxcvbnFactory({
  dictionary: { ...commonDictionary, ...englishDictionary },
  graphs: adjacencyGraphs,
  translations,
  // Only the first 64 characters are scored: a longer password is no weaker than its start, and
  // scoring 128 characters costs seconds of CPU a registration could make us spend.
  maxLength: 64,
});

/** zxcvbn's score 3 ("safely unguessable: moderate protection from offline attacks") or better is required. */
export const MIN_PASSWORD_SCORE = 3;

/** Why the password is too easy to guess, or null when it is not. `userInputs` (email, name) count as known words. */
export function guessabilityProblem(password: string, userInputs: string[] = []): string | null {
  const result = estimator.check(password, userInputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning?.replace(/\.$/, '');
  return warning ? `is too easy to guess (${warning})` : 'is too easy to guess';
}
