/**
 * Where `keyward verify --online` keeps its TUF metadata cache when no --tuf-cache is given: the
 * platform's user cache folder (XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS,
 * %LOCALAPPDATA% on Windows), under keyward/tuf.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultTufCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') return join(env['LOCALAPPDATA'] || join(home, 'AppData', 'Local'), 'keyward', 'Cache', 'tuf');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'keyward', 'tuf');
  const xdg = env['XDG_CACHE_HOME'];
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.cache'), 'keyward', 'tuf');
}
