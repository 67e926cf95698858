import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { setDateLocale } from '../lib/dates';

// Lazy pages load on first use, and a whole-app render on a loaded machine (two workers, a CPU hog
// beside them) has taken over 5 s. Waiting longer costs nothing when the page is there; only a
// page that never comes waits the whole time.
configure({ asyncUtilTimeout: 20_000 });

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
  window.localStorage.clear();
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
