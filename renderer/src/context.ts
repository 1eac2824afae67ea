// What every screen knows: the cycles, the current one, navigation, and the
// category chosen last (kept when moving between screens).
import { createContext, useContext } from 'react';
import type { CycleSummary } from '../../shared/ipc/contract.ts';
import type { PageKey } from './nav.ts';

export interface AppState {
  cycles: CycleSummary[];
  cycle: CycleSummary;
  setCycleId: (id: number) => void;
  refreshCycles: () => Promise<void>;
  navigate: (page: PageKey) => void;
  categoryId: number | null;
  setCategoryId: (id: number) => void;
  /** A screen with unsaved edits registers a guard: it returns the warning shown before leaving. */
  setGuard: (guard: (() => string) | null) => void;
  /** Runs `go` now, or after the user confirms leaving unsaved edits. */
  guarded: (go: () => void) => void;
}

export const AppStateContext = createContext<AppState | null>(null);

export function useAppState(): AppState {
  const s = useContext(AppStateContext);
  if (!s) throw new Error('AppStateContext missing');
  return s;
}
