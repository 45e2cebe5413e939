import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import type { RuntimeConfig } from "../config";
import { claims, refresh, setNewPassword, signIn, type Claims, type Tokens } from "./cognito";

const KEY = "crm.session";
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

interface Session {
  tokens: Tokens | null;
  user: Claims | null;
  /** `portal`: through the customer portal's app client */
  signIn(username: string, password: string, portal?: boolean): Promise<void>;
  setNewPassword(username: string, challenge: string, password: string): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

function stored(): Tokens | null {
  const raw = sessionStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Tokens) : null;
}

/** The signed-in user's tokens (session storage: gone with the tab), refreshed five minutes before expiry. */
export function SessionProvider({ config, children }: { config: RuntimeConfig; children: ReactNode }) {
  const [tokens, setTokens] = useState<Tokens | null>(stored);

  const keep = useCallback((next: Tokens | null) => {
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
    setTokens(next);
  }, []);

  useEffect(() => {
    if (!tokens) return undefined;
    const wait = Math.max(0, tokens.expiresAt - Date.now() - REFRESH_BEFORE_MS);
    const timer = window.setTimeout(() => {
      refresh(config.cognitoEndpoint, claims(tokens.idToken).audience || config.clientId, tokens).then(keep, () => keep(null));
    }, wait);
    return () => window.clearTimeout(timer);
  }, [tokens, config, keep]);

  const value = useMemo<Session>(
    () => ({
      tokens,
      user: tokens ? claims(tokens.idToken) : null,
      signIn: async (username, password, portal) =>
        keep(await signIn(config.cognitoEndpoint, portal ? config.portalClientId : config.clientId, username, password)),
      setNewPassword: async (username, challenge, password) =>
        keep(await setNewPassword(config.cognitoEndpoint, config.clientId, username, challenge, password)),
      signOut: () => keep(null),
    }),
    [tokens, config, keep],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
