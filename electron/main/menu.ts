// The application menu, in Chinese.
import { Menu, app, dialog, type BrowserWindow } from 'electron';
import { revealFile } from './security.ts';

export function buildMenu(win: () => BrowserWindow | null, dbFile: string): Menu {
  return Menu.buildFromTemplate([
    {
      label: '文件',
      submenu: [
        { label: '打开数据文件夹', click: () => revealFile(dbFile) },
        { type: 'separator' },
        { label: '退出', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新载入', role: 'reload' },
        { type: 'separator' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于考核评价桌面系统',
          click: () => {
            const w = win();
            const opts = { type: 'info' as const, title: '关于', message: `考核评价桌面系统 ${app.getVersion()}`, detail: `数据文件：${dbFile}\n本软件不连接任何网络。` };
            if (w) void dialog.showMessageBox(w, opts);
            else void dialog.showMessageBox(opts);
          },
        },
      ],
    },
  ]);
}
