/**
 * The pasted API token, kept for the browser session only (sessionStorage: gone when the tab
 * closes). Components re-render on sign-in and sign-out through useToken.
 */
import { useSyncExternalStore } from "react";

const KEY = "tributary.token";
const listeners = new Set<() => void>();

export function currentToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export function useToken(): string | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    currentToken,
  );
}
