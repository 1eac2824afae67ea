// The sign-in gate around the application (issue 9): first-run setup while
// no administrators exist, the login, the forced change of password, the
// idle lock (after the policy's minutes without input, or when the server
// answers session_expired) and the session every screen reads its
// permissions from. On the trusted in-process path (automation, where the
// page needs no session) it steps aside.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import type { Permission, PasswordPolicy } from '../../../shared/security.ts';
import { ApiError, call, errorMessage, ERROR_TITLES, onSessionLost, queryClient, refreshAll } from '../api.ts';
import { PasswordModal } from './PasswordModal.tsx';
import { LockScreen, LoginScreen, SetupScreen } from './SignInScreens.tsx';
import { SessionContext, type SessionInfo, type SessionState } from './session.ts';

type Gate =
  | { kind: 'loading' }
  | { kind: 'failed'; title: string; message: string }
  | { kind: 'trusted' }
  | { kind: 'setup'; policy: PasswordPolicy }
  | { kind: 'login'; notice: string | null }
  | { kind: 'in'; session: SessionInfo };

const INPUT_EVENTS = ['mousedown', 'mousemove', 'keydown', 'wheel', 'touchstart'] as const;

/** Calls `onIdle` after `minutes` without keyboard or mouse input (checked every few seconds). */
function useIdle(minutes: number | null, onIdle: () => void) {
  const last = useRef(0);
  useEffect(() => {
    if (minutes === null) return undefined;
    last.current = Date.now();
    const touch = () => {
      last.current = Date.now();
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, touch, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) onIdle();
    }, 5_000);
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, touch, { capture: true });
      window.clearInterval(timer);
    };
  }, [minutes, onIdle]);
}

/** Where the window starts: the session it has, the trusted path, first-run setup, or the login. */
async function probe(): Promise<{ gate: Gate; policy?: PasswordPolicy }> {
  try {
    const status = await call('setupStatus', {});
    const s = await call('currentSession', {});
    if (s.signedIn) return { gate: { kind: 'in', session: s }, policy: status.policy };
    // no session: the trusted path answers a session channel anyway
    try {
      await call('appInfo', {});
      return { gate: { kind: 'trusted' }, policy: status.policy };
    } catch (e) {
      if (!(e instanceof ApiError) || (e.code !== 'unauthorized' && e.code !== 'session_expired')) throw e;
    }
    return { gate: status.needsSetup ? { kind: 'setup', policy: status.policy } : { kind: 'login', notice: null }, policy: status.policy };
  } catch (e) {
    const code = e instanceof ApiError ? e.code : 'internal';
    return { gate: { kind: 'failed', title: ERROR_TITLES[code] ?? '无法打开系统', message: errorMessage(e) } };
  }
}

export function AuthGate({ children }: { children: ReactNode }) {
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  const [locked, setLocked] = useState<string | null>(null);
  const [changing, setChanging] = useState(false);
  const [policy, setPolicy] = useState<PasswordPolicy | undefined>(undefined);

  const start = useCallback(() => {
    void probe().then((r) => {
      if (r.policy) setPolicy(r.policy);
      setGate(r.gate);
    });
  }, []);

  useEffect(start, [start]);

  const session = gate.kind === 'in' ? gate.session : null;

  const signedIn = useCallback((s: SessionInfo) => {
    setGate((g) => {
      // another user: nothing of the previous one's reads may show
      if (g.kind !== 'in' || g.session.user?.id !== s.user?.id) queryClient.clear();
      return { kind: 'in', session: s };
    });
    setLocked(null);
    void refreshAll();
  }, []);

  const lock = useCallback((reason: string) => {
    setLocked((cur) => cur ?? reason);
    // the server's session ends now too; the lock screen signs in again
    void call('logout', {}).catch(() => undefined);
  }, []);

  const logout = useCallback(() => {
    void call('logout', {})
      .catch(() => undefined)
      .then(() => {
        queryClient.clear();
        setLocked(null);
        setGate({ kind: 'login', notice: '已退出登录。' });
      });
  }, []);

  // a call refused for want of a session: lock (the server's sentence says why)
  useEffect(() => {
    if (!session) return undefined;
    return onSessionLost((_code, message) => setLocked((cur) => cur ?? message));
  }, [session]);

  const idleMinutes = session && !locked ? session.idleMinutes : null;
  const onIdle = useCallback(() => lock(`超过 ${session?.idleMinutes ?? ''} 分钟未操作，系统已自动锁定。`), [lock, session?.idleMinutes]);
  useIdle(idleMinutes, onIdle);

  const value = useMemo<SessionState>(() => {
    const perms: readonly Permission[] = session?.permissions ?? [];
    return {
      session,
      permissions: perms,
      trusted: false,
      can: (p) => perms.includes(p),
      lock: () => lock('已手动锁定。'),
      logout,
      changePassword: () => setChanging(true),
    };
  }, [session, lock, logout]);

  switch (gate.kind) {
    case 'loading':
      return (
        <div className="center-fill" style={{ height: '100vh' }}>
          <Spin size="large" />
        </div>
      );
    case 'failed':
      return (
        <Result
          status="error"
          title={gate.title}
          subTitle={gate.message}
          extra={
            <Button
              type="primary"
              onClick={() => {
                setGate({ kind: 'loading' });
                start();
              }}
            >
              重试
            </Button>
          }
        />
      );
    case 'trusted':
      return <>{children}</>;
    case 'setup':
      return <SetupScreen policy={gate.policy} onDone={() => setGate({ kind: 'login', notice: '三个管理员账号已设置，请用其中一个账号登录。' })} />;
    case 'login':
      return <LoginScreen notice={gate.notice} onSignedIn={signedIn} />;
    case 'in': {
      const user = gate.session.user!;
      const forced = gate.session.mustChangePassword;
      return (
        <SessionContext.Provider value={value}>
          {/* nothing but the password change is open while it is forced */}
          {forced ? <div className="auth-screen" /> : <div key={user.id} style={{ display: locked ? 'none' : undefined }}>{children}</div>}
          {locked ? <LockScreen login={user.login} name={user.name} reason={locked} onUnlocked={signedIn} onSwitch={logout} /> : null}
          <PasswordModal
            open={!locked && (forced || changing)}
            forced={forced}
            login={user.login}
            policy={policy}
            onDone={(s) => {
              setChanging(false);
              signedIn(s);
            }}
            onCancel={() => setChanging(false)}
          />
        </SessionContext.Provider>
      );
    }
  }
}
