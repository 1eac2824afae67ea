// The application frame: header with the current cycle, the left menu in the
// office's order, and the screen chosen (kept in the URL hash).
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { App, Button, Divider, Dropdown, Layout, Menu, Result, Select, Space, Spin, Tooltip } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FormOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  PlusOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { CycleSummary } from '../../shared/ipc/contract.ts';
import { useQuery } from './api.ts';
import { AppStateContext, type AppState } from './context.ts';
import { PAGES, pageFromHash, type NavFocus, type PageFocus, type PageKey } from './nav.ts';
import { leaveWarning, setLeaveGuard } from './guard.ts';
import { CycleStatusControl } from './components/CycleStatus.tsx';
import { NewCycleModal } from './components/NewCycleModal.tsx';
import { Welcome } from './pages/Welcome.tsx';
import { Dashboard } from './pages/Dashboard.tsx';
import { PlanPage } from './pages/Plan.tsx';
import { SubjectsPage } from './pages/Subjects.tsx';
import { IndicatorsPage } from './pages/Indicators.tsx';
import { CollectPage } from './pages/Collect.tsx';
import { ResultsPage } from './pages/Results.tsx';
import { GradingPage } from './pages/Grading.tsx';
import { DocumentsPage } from './pages/Documents.tsx';
import { LaterPage } from './pages/Later.tsx';
import { AdminPage } from './admin/AdminPage.tsx';
import { RectifyPage } from './rectify/RectifyPage.tsx';
import { rolesText, useSession } from './auth/session.ts';
import { pageAllowed } from './nav.ts';

const ICONS: Record<PageKey, ReactNode> = {
  dashboard: <DashboardOutlined />,
  plan: <ProfileOutlined />,
  subjects: <TeamOutlined />,
  indicators: <ApartmentOutlined />,
  collect: <FormOutlined />,
  results: <CalculatorOutlined />,
  grading: <TrophyOutlined />,
  documents: <FileTextOutlined />,
  rectify: <ScheduleOutlined />,
  stats: <BarChartOutlined />,
  admin: <SettingOutlined />,
};

const CYCLE_KEY = 'kaohe.cycleId';
// numbers the deep links (one window, one shell)
let focusCount = 0;

function readStoredCycle(): number | null {
  try {
    const v = Number(window.localStorage.getItem(CYCLE_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

function storeCycle(id: number) {
  try {
    window.localStorage.setItem(CYCLE_KEY, String(id));
  } catch {
    // storage unavailable: the choice is kept for this session only
  }
}

function pickDefault(cycles: CycleSummary[]): CycleSummary | null {
  if (cycles.length === 0) return null;
  return [...cycles].sort((a, b) => b.year - a.year || b.id - a.id)[0]!;
}

function renderPage(page: PageKey): ReactNode {
  switch (page) {
    case 'dashboard':
      return <Dashboard />;
    case 'plan':
      return <PlanPage />;
    case 'subjects':
      return <SubjectsPage />;
    case 'indicators':
      return <IndicatorsPage />;
    case 'collect':
      return <CollectPage />;
    case 'results':
      return <ResultsPage />;
    case 'grading':
      return <GradingPage />;
    case 'documents':
      return <DocumentsPage />;
    case 'rectify':
      return <RectifyPage />;
    case 'admin':
      return <AdminPage />;
    default:
      return <LaterPage page={page} />;
  }
}

export function Shell() {
  const [cycleId, setCycleIdState] = useState<number | null>(readStoredCycle);
  const [page, setPage] = useState<PageKey>(() => pageFromHash(window.location.hash));
  const [categoryId, setCategoryId] = useState<number | null>(null);
  // a deep link: what the screen opened should choose and show; `visit` renews the screen for each one
  const [focus, setFocus] = useState<PageFocus | null>(null);
  const [visit, setVisit] = useState(0);
  const [creating, setCreating] = useState(false);
  const { modal } = App.useApp();
  const sess = useSession();
  // the business screens need 读取; the administrators of 三员分立 see only 系统管理
  const canRead = sess.can('read');

  /** Runs `go` now, or after confirmation when the screen has unsaved edits. */
  const guarded = useCallback(
    (go: () => void) => {
      const warn = leaveWarning();
      if (!warn) return go();
      modal.confirm({
        title: '离开此页面？',
        content: warn,
        okText: '放弃修改并离开',
        cancelText: '留在此页',
        okButtonProps: { danger: true },
        onOk: () => {
          setLeaveGuard(null);
          go();
        },
      });
    },
    [modal],
  );

  // the cycles and the app's info come through the cache: a write (a new cycle, a change of state) refreshes them
  const cyclesQ = useQuery('listCycles', canRead ? {} : null);
  const infoQ = useQuery('appInfo', {});
  const cycles = cyclesQ.data ?? null;
  const loadError = cyclesQ.error;
  const info = infoQ.data ?? null;

  useEffect(() => {
    const onHash = () => {
      setPage(pageFromHash(window.location.hash));
      setFocus(null);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const navigate = useCallback(
    (p: PageKey, f?: NavFocus) =>
      guarded(() => {
        setPage(p);
        if (f) {
          focusCount += 1;
          setFocus({ ...f, page: p, seq: focusCount });
          if (f.categoryId !== undefined) setCategoryId(f.categoryId);
          setVisit((v) => v + 1);
        } else {
          setFocus(null);
        }
        if (window.location.hash !== `#/${p}`) window.history.pushState(null, '', `#/${p}`);
      }),
    [guarded],
  );
  const clearFocus = useCallback(() => setFocus(null), []);

  const setCycleId = useCallback(
    (id: number) =>
      guarded(() => {
        setCycleIdState(id);
        setCategoryId(null);
        setFocus(null);
        storeCycle(id);
      }),
    [guarded],
  );

  const cycle = useMemo(() => (cycles ? (cycles.find((c) => c.id === cycleId) ?? pickDefault(cycles)) : null), [cycles, cycleId]);

  const state = useMemo<AppState | null>(
    () =>
      cycle && cycles
        ? { cycles, cycle, setCycleId, navigate, focus: focus && focus.page === page ? focus : null, clearFocus, categoryId, setCategoryId, setGuard: setLeaveGuard, guarded }
        : null,
    [cycle, cycles, setCycleId, navigate, focus, page, clearFocus, categoryId, guarded],
  );

  const opened = (c: CycleSummary) => {
    setCreating(false);
    setCycleId(c.id);
    navigate('dashboard');
  };

  const header = (
    <Layout.Header className="app-header">
      <div className="app-brand">
        <AuditOutlined className="app-brand-icon" />
        <span className="app-brand-name">考核评价桌面系统</span>
      </div>
      {cycle && cycles ? (
        <Space className="app-cycle" size={8}>
          <span className="app-cycle-label">当前考核年度</span>
          <Select
            data-testid="cycle-select"
            value={cycle.id}
            style={{ width: 240 }}
            onChange={(id: number) => setCycleId(id)}
            options={[...cycles].sort((a, b) => b.year - a.year || b.id - a.id).map((c) => ({ value: c.id, label: c.name }))}
            popupRender={(menu) => (
              <>
                {menu}
                <Divider style={{ margin: '4px 0' }} />
                <Button type="text" block icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="btn-new-cycle-header" style={{ textAlign: 'left' }}>
                  新建考核年度
                </Button>
              </>
            )}
          />
          <CycleStatusControl cycle={cycle} />
        </Space>
      ) : null}
      <div className="app-header-right">
        {sess.session?.user ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'roles', label: rolesText(sess.session.user.roles), disabled: true },
                { type: 'divider' },
                { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">修改密码</span>, onClick: sess.changePassword },
                { key: 'lock', icon: <LockOutlined />, label: <span data-testid="menu-lock">锁定</span>, onClick: sess.lock },
                { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-logout">退出登录</span>, onClick: () => guarded(sess.logout) },
              ],
            }}
          >
            <span className="app-user app-user-menu" data-testid="user-menu">
              <UserOutlined /> {sess.session.user.name}
            </span>
          </Dropdown>
        ) : info ? (
          <Tooltip title={`数据文件：${info.dbFile}`}>
            <span className="app-user">
              <UserOutlined /> {info.userName}
            </span>
          </Tooltip>
        ) : null}
      </div>
    </Layout.Header>
  );

  const menuItems = PAGES.filter((p) => pageAllowed(p.key, sess.can)).map((p) => ({
    key: p.key,
    icon: ICONS[p.key],
    label: <span data-testid={`nav-${p.key}`}>{p.label}</span>,
  }));

  let body: ReactNode;
  if (!canRead) {
    // an administrator's window: 系统管理 only, no year
    body = (
      <Layout className="app-body">
        <Layout.Sider width={184} className="app-sider" theme="light">
          <Menu mode="inline" selectedKeys={['admin']} items={menuItems} />
        </Layout.Sider>
        <Layout.Content className="app-content" data-testid="page-admin">
          <div className="page">
            <AdminPage />
          </div>
        </Layout.Content>
      </Layout>
    );
  } else if (cycles === null && !loadError) {
    body = (
      <div className="center-fill">
        <Spin size="large" description="正在打开…">
          <div style={{ width: 200, height: 80 }} />
        </Spin>
      </div>
    );
  } else if (cycles === null) {
    body = (
      <Result
        status="error"
        title="无法打开考核数据"
        subTitle={loadError}
        extra={
          <Button type="primary" onClick={cyclesQ.reload}>
            重试
          </Button>
        }
      />
    );
  } else if (!state) {
    body = <Welcome onOpened={opened} />;
  } else {
    body = (
      <Layout className="app-body">
        <Layout.Sider width={184} className="app-sider" theme="light">
          <Menu
            mode="inline"
            selectedKeys={[page]}
            onClick={(e) => navigate(e.key as PageKey)}
            items={menuItems}
          />
        </Layout.Sider>
        <Layout.Content className="app-content" data-testid={`page-${page}`}>
          <div key={`${state.cycle.id}-${page}-${visit}`} className="page">
            {pageAllowed(page, sess.can) ? renderPage(page) : <Result status="403" title="没有权限" subTitle="当前账号的角色不能使用此功能。" />}
          </div>
        </Layout.Content>
      </Layout>
    );
  }

  return (
    <Layout className="app-root">
      {header}
      {state ? <AppStateContext.Provider value={state}>{body}</AppStateContext.Provider> : body}
      <NewCycleModal open={creating} onClose={() => setCreating(false)} onCreated={opened} />
    </Layout>
  );
}
