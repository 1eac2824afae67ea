// The one screen with unsaved edits (if any) registers here what to say
// before the user leaves it. There is one window, so one guard.
let current: (() => string) | null = null;

export function setLeaveGuard(guard: (() => string) | null): void {
  current = guard;
}

/** The warning to show before leaving, or null when nothing would be lost. */
export function leaveWarning(): string | null {
  return current ? current() || null : null;
}
