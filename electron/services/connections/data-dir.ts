/**
 * Where Taxiway keeps its files, computed without Electron so the CLI and the app agree:
 * `TAXIWAY_HOME` when set, else the platform's app-data folder + `Taxiway` (the same folder
 * Electron's `app.getPath('userData')` gives for an app named Taxiway).
 */
import { homedir } from 'node:os';
import { join, resolve, win32 } from 'node:path';

/** Name of the app's folder inside the platform's app-data folder. */
export const APP_FOLDER_NAME = 'Taxiway';

/** Name of the profile file inside the data folder. */
export const PROFILES_FILE_NAME = 'profiles.json';

/** The data folder for this environment and platform (not created). */
export function dataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const explicit = env.TAXIWAY_HOME?.trim();
  if (explicit) return resolve(explicit);
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim() || win32.join(home, 'AppData', 'Roaming');
    return win32.join(appData, APP_FOLDER_NAME);
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  }
  // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.config');
  return join(base, APP_FOLDER_NAME);
}
