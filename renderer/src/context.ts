// What every screen knows: the cycles, the current one, navigation, and the
// category chosen last (kept when moving between screens).
import { createContext, useContext } from 'react';
import type { CycleSummary } from '../../shared/ipc/contract.ts';
import type { NavFocus, PageFocus, PageKey } from './nav.ts';

export interface AppState {
  cycles: CycleSummary[];
  cycle: CycleSummary;
  setCycleId: (id: number) => void;
  /** Opens a screen; with `focus`, also what to choose and show there (a deep link). */
  navigate: (page: PageKey, focus?: NavFocus) => void;
  /** The deep link the current screen was opened with, until it is cleared. */
  focus: PageFocus | null;
  /** Forgets the deep link (the screen has shown it, or the user dismissed it). */
  clearFocus: () => void;
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
