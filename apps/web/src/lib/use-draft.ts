import { useCallback, useEffect, useRef, useState } from 'react';

const PREFIX = 'mt.draft.';

function read<T>(key: string, initial: T): T {
  try {
    const raw = window.sessionStorage.getItem(PREFIX + key);
    return raw === null ? initial : ({ ...initial, ...JSON.parse(raw) } as T);
  } catch {
    return initial;
  }
}

/**
 * Form state that survives the fallback view, a reload and a trip to sign-in: it is written to
 * sessionStorage on every change and removed when the form is saved (`clear`). Never put a
 * password in a draft.
 */
export function useDraft<T extends object>(key: string, initial: T): [T, (patch: Partial<T>) => void, () => void] {
  const [value, setValue] = useState<T>(() => read(key, initial));
  useEffect(() => {
    setValue(read(key, initial));
    // A new key (another brand's form) loads that draft; `initial` changes with each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const update = useCallback(
    (patch: Partial<T>) =>
      setValue((prev) => {
        const next = { ...prev, ...patch };
        try {
          window.sessionStorage.setItem(PREFIX + key, JSON.stringify(next));
        } catch {
          // A full or disabled storage only loses the draft, never the typing.
        }
        return next;
      }),
    [key],
  );
  const initialRef = useRef(initial);
  initialRef.current = initial;
  // After a save the form starts again from its blank state, not half-filled with the last one.
  const clear = useCallback(() => {
    try {
      window.sessionStorage.removeItem(PREFIX + key);
    } catch {
      // see above
    }
    setValue(initialRef.current);
  }, [key]);
  return [value, update, clear];
}

/** True when a draft for `key` is stored (the fallback view says so). */
export function draftKeys(): string[] {
  try {
    return Object.keys(window.sessionStorage)
      .filter((k) => k.startsWith(PREFIX))
      .map((k) => k.slice(PREFIX.length));
  } catch {
    return [];
  }
}
