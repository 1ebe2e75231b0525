// The services every page uses (the typed API and the session), handed down
// by context so tests can give a page fakes instead of module globals.

import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { Api } from "../api/api";
import type { Session, SessionState } from "../auth/session";

export interface Services {
  api: Api;
  session: Session;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error("useServices outside ServicesProvider");
  return s;
}

export function useApi(): Api {
  return useServices().api;
}

/** The current session state; re-renders when it changes. */
export function useSessionState(): SessionState | null {
  const { session } = useServices();
  return useSyncExternalStore(
    (fn) => session.subscribe(fn),
    () => session.current,
  );
}
