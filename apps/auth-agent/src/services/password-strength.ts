import { type Options, ZxcvbnFactory } from '@zxcvbn-ts/core';
import type * as LanguageCommon from '@zxcvbn-ts/language-common';
import type * as LanguageEnglish from '@zxcvbn-ts/language-en';
import { rankedWordList } from './ranked-word-list';

/**
 * How guessable a password is, by zxcvbn-ts (ADR 104): common and leaked-password lists, English
 * words and names, keyboard walks, repeats, sequences, dates and l33t substitutions, each scored
 * by the guesses an attacker would need. Built once, at start-up.
 *
 * The word lists' ranks are `rankedWordList`s (ADR 211), not the objects zxcvbn-ts would build
 * from them: the same ranks in ~5 MB instead of ~16 MB of hash tables and ~12 MB of arrays of words.
 * zxcvbn-ts is given empty lists under the same names (in the same order, which orders its
 * matches), then its ranked lists are replaced; its matchers read them from its options on every
 * check. This reaches into zxcvbn-ts's options (pinned version); password-strength.spec.ts checks
 * the estimates against zxcvbn-ts's own build, so a version that stores them elsewhere fails there.
 */
function buildEstimator(): ZxcvbnFactory {
  // Required here, not imported, so that nothing of this module holds the packages' exports.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const common = require('@zxcvbn-ts/language-common') as typeof LanguageCommon;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const english = require('@zxcvbn-ts/language-en') as typeof LanguageEnglish;
  const lists: Record<string, (string | number)[]> = { ...common.dictionary, ...english.dictionary };
  const estimator = new ZxcvbnFactory({
    dictionary: Object.fromEntries(Object.keys(lists).map((name) => [name, []])),
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // Only the first 64 characters are scored: a longer password is no weaker than its start, and
    // scoring 128 characters costs seconds of CPU a registration could make us spend.
    maxLength: 64,
  });
  const options = (estimator as unknown as { options: Options }).options;
  for (const [name, words] of Object.entries(lists)) {
    options.rankedDictionaries[name] = rankedWordList(words);
    options.rankedDictionariesMaxWordSize[name] = words.reduce<number>((longest, word) => Math.max(longest, String(word).length), 0);
  }
  forgetLanguagePackages();
  return estimator;
}

/**
 * The language packages' modules hold their lists, decompressed, for as long as the module cache
 * holds them: ~236,000 strings in arrays. Once the ranked lists are built only the adjacency graphs
 * and the translations are still used (the estimator holds those), so the modules are dropped from
 * the cache and from this module's children, and the lists become garbage. Another `require` of a
 * language package would load it afresh. (Under Jest, whose module registry is its own, this
 * finds nothing to drop.)
 */
function forgetLanguagePackages(): void {
  const isLanguagePackage = (file: string) => /[\\/]@zxcvbn-ts[\\/]language-/.test(file);
  for (const file of Object.keys(require.cache)) if (isLanguagePackage(file)) delete require.cache[file];
  module.children = module.children.filter((child) => !isLanguagePackage(child.id));
}

const estimator = buildEstimator();

/** zxcvbn's score 3 ("safely unguessable: moderate protection from offline attacks") or better is required. */
export const MIN_PASSWORD_SCORE = 3;

/** zxcvbn-ts's estimate of a password: score, guesses, the matches and the feedback. `userInputs` count as known words. */
export function estimatePassword(password: string, userInputs: string[] = []): ReturnType<ZxcvbnFactory['check']> {
  return estimator.check(password, userInputs);
}

/** Why the password is too easy to guess, or null when it is not. `userInputs` (email, name) count as known words. */
export function guessabilityProblem(password: string, userInputs: string[] = []): string | null {
  const result = estimatePassword(password, userInputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning?.replace(/\.$/, '');
  return warning ? `is too easy to guess (${warning})` : 'is too easy to guess';
}
