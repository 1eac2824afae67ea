import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './api.ts';
import { FONT_FAMILY } from './grid.tsx';
import { Shell } from './Shell.tsx';
import { AuthGate } from './auth/AuthGate.tsx';
import './styles.css';

dayjs.locale('zh-cn');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={zhCN}
        theme={{
          token: {
            colorPrimary: '#1d4f91',
            colorInfo: '#1d4f91',
            colorPrimaryBg: '#e8eff9',
            colorPrimaryBgHover: '#d7e4f5',
            colorLink: '#1d4f91',
            colorInfoBg: '#eef4fc',
            colorInfoBorder: '#c6d7ef',
            borderRadius: 4,
            fontFamily: FONT_FAMILY,
            fontSize: 14,
            colorBgLayout: '#f0f2f5',
          },
          components: {
            Layout: { headerBg: '#17345f', headerHeight: 52, headerPadding: '0 20px', siderBg: '#ffffff' },
            Menu: { itemHeight: 40, itemMarginBlock: 2, itemBorderRadius: 4, itemSelectedBg: '#e8eff9', itemSelectedColor: '#1d4f91', itemHoverBg: '#f2f5f9' },
            Card: { headerFontSize: 15 },
            Table: { cellPaddingBlockSM: 6, headerBg: '#f3f5f8' },
          },
        }}
      >
        <AntApp message={{ maxCount: 3, top: 60 }}>
          <AuthGate>
            <Shell />
          </AuthGate>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  </StrictMode>,
);
