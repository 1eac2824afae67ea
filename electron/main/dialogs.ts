// The native file dialogs behind the pickPath channel. The renderer cannot
// open them (sandboxed, no Node): it asks, the main process shows the
// dialog modal to the window and hands back only the path the user chose.
import path from 'node:path';
import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import type { PathPicker } from '../core/ipc/handlers-shell.ts';

const FILTER_NAMES: Record<string, string> = { xlsx: 'Excel 工作簿', json: '方案文件（JSON）', docx: 'Word 文档', csv: 'CSV 文件', kpkg: '数据交换包' };

function filtersOf(extensions: readonly string[] | undefined): FileFilter[] {
  if (!extensions?.length) return [];
  return [...extensions.map((e) => ({ name: FILTER_NAMES[e.toLowerCase()] ?? `${e} 文件`, extensions: [e] })), { name: '所有文件', extensions: ['*'] }];
}

/** The picker for one window; `defaultDir` is where save dialogs start (the documents folder). */
export function nativePicker(window: () => BrowserWindow | null, defaultDir: string): PathPicker {
  return async (req) => {
    const win = window();
    const filters = filtersOf(req.extensions);
    if (req.mode === 'save') {
      const options = { title: req.title, defaultPath: path.join(defaultDir, req.defaultName ?? ''), filters };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    }
    const properties: ('openFile' | 'openDirectory' | 'createDirectory')[] = req.mode === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile'];
    const options = { title: req.title, defaultPath: defaultDir, filters, properties };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
}
