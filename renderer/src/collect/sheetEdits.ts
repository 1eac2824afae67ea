// The unsaved edits of a spreadsheet-like grid, with undo and redo: every
// change (a typed cell, a paste, a fill, a clear) is one step, and undoing it
// puts back exactly what was there before. A bad entry is kept as typed, with
// its message, so it can be seen, listed and corrected; it is never saved.
import { useCallback, useState } from 'react';

export interface PendingCell<V> {
  /** the value read from the entry (meaningless when `error` is set) */
  val: V;
  /** what the user typed or pasted */
  raw: string;
  error: string | null;
}

interface Change<V> {
  key: string;
  before: PendingCell<V> | undefined;
  after: PendingCell<V> | undefined;
}

interface EditState<V> {
  pending: Map<string, PendingCell<V>>;
  undo: Change<V>[][];
  redo: Change<V>[][];
}

const LIMIT = 200;

function applyChanges<V>(pending: Map<string, PendingCell<V>>, changes: Change<V>[], dir: 'after' | 'before'): Map<string, PendingCell<V>> {
  const next = new Map(pending);
  const list = dir === 'after' ? changes : [...changes].reverse();
  for (const c of list) {
    const v = c[dir];
    if (v) next.set(c.key, v);
    else next.delete(c.key);
  }
  return next;
}

/**
 * `edit(list)` takes one step: for each key, the new pending entry, or
 * undefined for "back to the stored value". Steps that change nothing are
 * not recorded.
 */
export function useSheetEdits<V>() {
  const [state, setState] = useState<EditState<V>>(() => ({ pending: new Map(), undo: [], redo: [] }));

  const edit = useCallback((list: { key: string; next: PendingCell<V> | undefined }[]) => {
    setState((s) => {
      const changes: Change<V>[] = [];
      const seen = new Set<string>();
      for (const { key, next } of list) {
        if (seen.has(key)) continue;
        seen.add(key);
        const before = s.pending.get(key);
        if (before === next || (before && next && before.raw === next.raw && before.error === next.error && JSON.stringify(before.val) === JSON.stringify(next.val))) continue;
        changes.push({ key, before, after: next });
      }
      if (changes.length === 0) return s;
      return { pending: applyChanges(s.pending, changes, 'after'), undo: [...s.undo, changes].slice(-LIMIT), redo: [] };
    });
  }, []);

  const undo = useCallback(() => {
    let done = false;
    setState((s) => {
      const last = s.undo[s.undo.length - 1];
      if (!last) return s;
      done = true;
      return { pending: applyChanges(s.pending, last, 'before'), undo: s.undo.slice(0, -1), redo: [...s.redo, last] };
    });
    return done;
  }, []);

  const redo = useCallback(() => {
    let done = false;
    setState((s) => {
      const last = s.redo[s.redo.length - 1];
      if (!last) return s;
      done = true;
      return { pending: applyChanges(s.pending, last, 'after'), undo: [...s.undo, last], redo: s.redo.slice(0, -1) };
    });
    return done;
  }, []);

  /** Forgets everything (after a save, or when the user discards). */
  const reset = useCallback(() => setState({ pending: new Map(), undo: [], redo: [] }), []);

  return { pending: state.pending, canUndo: state.undo.length > 0, canRedo: state.redo.length > 0, edit, undo, redo, reset };
}
