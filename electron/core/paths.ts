// Where the application keeps its data when no folder is given: the same
// user data folder Electron uses (app.getPath('userData')) for this app.
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'kaohe-desk';
export const DB_FILE_NAME = 'kaohe.db';

export function defaultUserDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}
