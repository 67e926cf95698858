import '@testing-library/jest-dom/vitest';
import { notifications } from '@mantine/notifications';
import { act, cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { setDateLocale } from '../lib/dates';
import { rateLimitNotice } from '../lib/rate-limit';

// Lazy pages load on first use, and a whole-app render on a loaded machine (two workers, a CPU hog
// beside them) has taken over 5 s. Waiting longer costs nothing when the page is there; only a
// page that never comes waits the whole time.
configure({ asyncUtilTimeout: 20_000 });

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
  window.localStorage.clear();
});

// The files of a worker share one jsdom and one module registry (`isolate: false` in vite.config.ts,
// ADR 177): this file runs again before each of them, and what one file leaves behind is put back
// here, so each begins as it did in a fresh environment — no toast or rate-limit notice in the
// app's stores, no spy or stubbed global, the object-URL functions jsdom lacks still missing,
// an empty document, React's act() environment on.
const URL_FUNCTIONS = ['createObjectURL', 'revokeObjectURL'] as const;
let urlFunctions: (PropertyDescriptor | undefined)[] = [];
beforeAll(() => {
  // What @testing-library/react's own hooks do, which it registers only when first imported.
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  urlFunctions = URL_FUNCTIONS.map((name) => Object.getOwnPropertyDescriptor(URL, name));
});
afterAll(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.useRealTimers();
  URL_FUNCTIONS.forEach((name, i) => {
    const before = urlFunctions[i];
    if (before) Object.defineProperty(URL, name, before);
    else delete (URL as unknown as Record<string, unknown>)[name];
  });
  act(() => {
    notifications.clean();
    rateLimitNotice.clear();
  });
  document.body.replaceChildren();
  for (const { name } of [...document.documentElement.attributes]) document.documentElement.removeAttribute(name);
  document.title = '';
});

// jsdom lacks these; Mantine reads them.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
Element.prototype.scrollIntoView ??= () => undefined;
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => undefined, removeEventListener: () => undefined, ready: Promise.resolve() },
  });
}
// jsdom does not scroll; the layout scrolls each new page to its top.
window.scrollTo = (() => undefined) as typeof window.scrollTo;

// Dates are written in the viewer's locale (ADR 144); the tests read them in British English.
setDateLocale('en-GB');
