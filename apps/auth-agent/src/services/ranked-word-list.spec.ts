import { rankedWordList } from './ranked-word-list';

/** What zxcvbn-ts builds from a list (its `buildRankedDictionary`): a plain object, the last place of a word winning. */
function zxcvbnRanked(words: (string | number)[]): Record<string, number> {
  const ranked: Record<string, number> = {};
  words.forEach((word, index) => {
    ranked[word] = index + 1;
  });
  return ranked;
}

describe('rankedWordList', () => {
  const words = ['password', '123456', 'qwerty', 'password', 'constructor', '__proto__', 'ÉTÉ', '', 'dragon', 2024, 'toString', 'a'.repeat(40)];
  const list = rankedWordList(words);
  const stock = zxcvbnRanked(words);

  it('reads every word, listed or not, as zxcvbn-ts’s own object reads it', () => {
    const probes = [
      ...words.map(String),
      'Password',
      'pass',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
      '__defineGetter__',
      'missing',
      ' ',
      '2025',
      'a'.repeat(39),
    ];
    for (const word of probes) expect({ word, rank: list[word] }).toEqual({ word, rank: stock[word] });
    expect(list.password).toBe(4);
    expect(list.qwerty).toBe(3);
    expect(list.constructor).toBe(5);
    expect(list.hasOwnProperty).toBe(Object.prototype.hasOwnProperty);
    expect(list.__proto__).toBe(Object.prototype);
    expect(list['2024']).toBe(10);
  });

  it('answers `in` and lists its words like the object', () => {
    for (const word of ['dragon', 'missing', 'valueOf', '__proto__']) expect(word in list).toBe(word in stock);
    expect(Object.keys(list).sort()).toEqual(Object.keys(stock).sort());
    expect({ ...list }).toEqual({ ...stock });
  });

  it('holds a large list without collisions losing a word', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `w${(i * 7919) % 50_000}`);
    const big = rankedWordList(many);
    many.forEach((word, index) => expect(big[word]).toBe(index + 1));
    expect(big.w50000).toBeUndefined();
  });
});
