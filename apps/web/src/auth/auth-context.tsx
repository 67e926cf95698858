import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/problem';
import type { AuthSession, User } from '../api/types';

type Status = 'loading' | 'signed-in' | 'signed-out';

interface AuthState {
  status: Status;
  user: User | null;
  /** Why the user was sent to sign-in (shown there), e.g. an ended session. */
  notice: string | null;
  signIn(email: string, password: string): Promise<void>;
  signUp(name: string, email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/**
 * Who is signed in. After a reload only the refresh token is left (sessionStorage): GET /auth/me
 * makes the API client refresh first, which restores the in-memory access token.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>(() => (api.hasSession ? 'loading' : 'signed-out'));
  const [user, setUser] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [bootError, setBootError] = useState<unknown>(null);
  const [bootAttempt, setBootAttempt] = useState(0);

  useEffect(() => {
    return api.onSessionEnd((reason) => {
      setUser(null);
      setStatus('signed-out');
      queryClient.clear();
      setNotice(reason === 'expired' ? 'Your session has ended. Sign in again to continue where you were.' : null);
    });
  }, [api, queryClient]);

  useEffect(() => {
    if (status !== 'loading') return;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    api
      .get<User>('/auth/me')
      .then((me) => {
        if (!live) return;
        setUser(me);
        setStatus('signed-in');
      })
      .catch((e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 401) setStatus('signed-out');
        else if (e instanceof ApiError && e.status === 429) {
          // A refused refresh is a read the user did not ask for: wait as told, quietly (the
          // loading screen says it is restoring the session), then restore it (ADR 145).
          retry = setTimeout(() => setBootAttempt((n) => n + 1), Math.max(1, e.retryAfterSeconds ?? 5) * 1000);
        } else setBootError(e);
      });
    return () => {
      live = false;
      clearTimeout(retry);
    };
    // Only the first load restores a session; later sign-ins set the user themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bootAttempt]);

  const accept = useCallback(
    (s: AuthSession) => {
      api.setSession(s);
      queryClient.clear();
      setUser(s.user);
      setNotice(null);
      setStatus('signed-in');
    },
    [api, queryClient],
  );

  const value = useMemo<AuthState>(
    () => ({
      status,
      user,
      notice,
      async signIn(email, password) {
        accept(await api.post<AuthSession>('/auth/login', { email, password }, { auth: false }));
      },
      async signUp(name, email, password) {
        accept(await api.post<AuthSession>('/auth/register', { name, email, password }, { auth: false }));
      },
      async signOut() {
        const refreshToken = api.refreshTokenForLogout;
        try {
          await api.post('/auth/logout', refreshToken ? { refreshToken } : {});
        } catch {
          // Signing out locally matters more than telling the server; the token expires anyway.
        }
        api.endSession('signed-out');
      },
    }),
    [status, user, notice, api, accept],
  );

  if (bootError) throw bootError;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

/** A `next` target from the query string, only if it is a path of this app. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
