import { useSyncExternalStore } from "react";

/** The customers a user opened last (newest first, at most 8), kept in this browser for the navigation. */
export interface Recent {
  id: string;
  name: string;
}

const KEY = "crm.recent";
const listeners = new Set<() => void>();
let cache: Recent[] | null = null;

function read(): Recent[] {
  if (cache === null) {
    try {
      cache = JSON.parse(localStorage.getItem(KEY) ?? "[]") as Recent[];
    } catch {
      cache = [];
    }
  }
  return cache;
}

export function remember(item: Recent): void {
  const next = [item, ...read().filter((r) => r.id !== item.id)].slice(0, 8);
  if (JSON.stringify(next) === JSON.stringify(read())) return;
  cache = next;
  localStorage.setItem(KEY, JSON.stringify(next));
  listeners.forEach((l) => l());
}

export function useRecent(): Recent[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read,
  );
}
