import { useCallback, useState } from 'react';

/** Hands an error from an event handler or promise to the nearest error boundary (they only see render errors). */
export function useThrowToBoundary(): (error: unknown) => void {
  const [, setState] = useState<null>(null);
  return useCallback((error: unknown) => {
    setState(() => {
      throw error;
    });
  }, []);
}
