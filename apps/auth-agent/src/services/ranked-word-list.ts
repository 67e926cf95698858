/**
 * A word list's ranks (its first word 1, the next 2, …) looked up as zxcvbn-ts looks them up,
 * `rankedDictionary[word]`, in a few bytes a word instead of a hash-table object (ADR 211).
 *
 * zxcvbn-ts builds each list into a plain object, `{ [word]: rank }`: for its 236,000 English and
 * common words ~16 MB of V8 dictionary backing stores beside the words themselves, and 0.7 s of
 * CPU at start-up, and the exported arrays of words themselves (~12 MB). Here a list is its words
 * end to end in one string, where each starts (`Uint32Array`) and an open-addressing table of word
 * indexes (`Int32Array`, two slots a word rounded up to a power of two): ~20 bytes a word in all,
 * nothing kept of the array it was built from. A Proxy answers `list[word]`.
 *
 * Contract, what the matcher sees, the same as from zxcvbn-ts's own object (checked against it in
 * ranked-word-list.spec.ts): a listed word's rank is its position from 1, and a word listed twice
 * has the rank of its last place; a word that is not listed reads through to `Object.prototype`, as
 * on a plain object (`list.constructor` is a function, not a rank), and `__proto__` is never a rank
 * (assigning a number to it does nothing). `Object.keys` gives the words (zxcvbn-ts's Levenshtein
 * option walks them).
 */
export function rankedWordList(words: readonly (string | number)[]): Record<string, number> {
  // The words end to end in one string, word k from starts[k] to starts[k + 1]: the list's own
  // array and strings can then be let go (see password-strength.ts).
  const text = words.join('');
  const starts = new Uint32Array(words.length + 1);
  words.forEach((word, index) => {
    starts[index + 1] = starts[index] + String(word).length;
  });
  const count = words.length;
  const wordAt = (index: number) => text.slice(starts[index], starts[index + 1]);
  const slots = new Int32Array(tableSize(count));
  const mask = slots.length - 1;
  // Slot value: index + 1 of the word, 0 for empty.
  const find = (word: string): number => {
    for (let at = hash(word) & mask; ; at = (at + 1) & mask) {
      const held = slots[at];
      if (held === 0) return at;
      const start = starts[held - 1];
      if (starts[held] - start === word.length && text.startsWith(word, start)) return at;
    }
  };
  for (let index = 0; index < count; index++) {
    const word = wordAt(index);
    if (word !== '__proto__') slots[find(word)] = index + 1;
  }
  const rankOf = (word: string): number | undefined => {
    const held = slots[find(word)];
    return held === 0 ? undefined : held;
  };

  return new Proxy<Record<string, number>>(
    {},
    {
      get: (target, key, receiver) => (typeof key === 'string' ? rankOf(key) : undefined) ?? Reflect.get(target, key, receiver),
      has: (target, key) => (typeof key === 'string' && rankOf(key) !== undefined) || Reflect.has(target, key),
      ownKeys: () => {
        const keys: string[] = [];
        for (let index = 0; index < count; index++) {
          const word = wordAt(index);
          if (rankOf(word) === index + 1) keys.push(word);
        }
        return keys;
      },
      getOwnPropertyDescriptor: (_target, key) => {
        const rank = typeof key === 'string' ? rankOf(key) : undefined;
        return rank === undefined ? undefined : { value: rank, writable: true, enumerable: true, configurable: true };
      },
    },
  );
}

/** At least twice the words, a power of two: probes stay short and the table never fills. */
function tableSize(count: number): number {
  let size = 16;
  while (size < count * 2) size *= 2;
  return size;
}

/** FNV-1a over the UTF-16 code units. */
function hash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
