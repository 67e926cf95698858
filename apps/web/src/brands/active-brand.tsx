import { useQuery } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context';
import type { Brand, Page } from '../api/types';

export const ACTIVE_BRAND_KEY = 'mt.activeBrand';
export const brandsKey = ['brands'] as const;

interface ActiveBrand {
  brands: Brand[];
  loading: boolean;
  active: Brand | null;
  setActive(id: string): void;
}

const Ctx = createContext<ActiveBrand | null>(null);

export function useBrands() {
  const api = useApi();
  return useQuery({ queryKey: brandsKey, queryFn: ({ signal }) => api.get<Page<Brand>>('/brands?limit=100', { signal }) });
}

/**
 * The brand every page works on. Kept in localStorage so a reload, a new tab or the next visit
 * opens on the same brand; falls back to the first brand the user has.
 */
export function ActiveBrandProvider({ children }: { children: ReactNode }) {
  const { data, isLoading } = useBrands();
  const [chosen, setChosen] = useState<string | null>(() => readChoice());
  const brands = useMemo(() => data?.items ?? [], [data]);
  const active = brands.find((b) => b.id === chosen) ?? brands[0] ?? null;
  const setActive = useCallback((id: string) => {
    setChosen(id);
    try {
      window.localStorage.setItem(ACTIVE_BRAND_KEY, id);
    } catch {
      // Not persisted; still active for this page.
    }
  }, []);
  const value = useMemo(() => ({ brands, loading: isLoading, active, setActive }), [brands, isLoading, active, setActive]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useActiveBrand(): ActiveBrand {
  const c = useContext(Ctx);
  if (!c) throw new Error('useActiveBrand outside ActiveBrandProvider');
  return c;
}

function readChoice(): string | null {
  try {
    return window.localStorage.getItem(ACTIVE_BRAND_KEY);
  } catch {
    return null;
  }
}
