import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import fc from 'fast-check';
import { estimatePassword, guessabilityProblem } from './password-strength';

/** zxcvbn-ts as its README builds it: the lists turned into its own ranked objects. */
const stock = new ZxcvbnFactory({
  dictionary: { ...commonDictionary, ...englishDictionary },
  graphs: adjacencyGraphs,
  translations,
  maxLength: 64,
});

/** Everything but the time the estimate took. */
function estimateOf(result: ReturnType<ZxcvbnFactory['check']>) {
  const { calcTime: _calcTime, ...rest } = result;
  return rest;
}

function expectSameEstimate(password: string, userInputs: string[] = []): void {
  expect({ password, estimate: estimateOf(estimatePassword(password, userInputs)) }).toEqual({
    password,
    estimate: estimateOf(stock.check(password, userInputs)),
  });
}

describe('password strength (ranked word lists, ADR 211)', () => {
  const lists: Record<string, (string | number)[]> = { ...commonDictionary, ...englishDictionary };

  it('estimates every list’s words, and passwords made from them, as zxcvbn-ts’s own build does', () => {
    for (const words of Object.values(lists)) {
      // A dozen words spread over each long list, two of each short one.
      const step = Math.max(1, Math.floor(words.length / (words.length > 1000 ? 12 : 2)));
      for (let i = 0; i < words.length; i += step) {
        const word = String(words[i]);
        expectSameEstimate(word);
        expectSameEstimate(`${word[0]?.toUpperCase() ?? ''}${word.slice(1)}2024!`);
        expectSameEstimate([...word].reverse().join(''));
        expectSameEstimate(word.replace(/a/g, '@').replace(/o/g, '0').replace(/e/g, '3'));
      }
    }
  });

  it('estimates known passwords, the user’s own words and long passphrases alike', () => {
    for (const password of ['correct horse battery staple 9', 'Password123', 'Tr0ub4dor&3x', 'qwertyuiop1', 'zxcvbnm,./1', 'iloveyou123', 'aaaaaaaaa1']) {
      expectSameEstimate(password, ['someone@example.com', 'someone']);
    }
    expectSameEstimate('Harborbikes2026', ['someone@example.com', 'Harbor Bikes', 'HarborBikes', 'Harbor', 'Bikes']);
    expectSameEstimate('constructor toString __proto__ hasOwnProperty 1');
  });

  it('estimates arbitrary strings alike', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (password) => {
        expectSameEstimate(password);
      }),
      { numRuns: 60 },
    );
  });

  it('still refuses a guessable password and accepts a strong one', () => {
    expect(guessabilityProblem('Password123')).toMatch(/^is too easy to guess/);
    expect(guessabilityProblem('correct horse battery staple 9')).toBeNull();
  });
});
