/**
 * Which boot of this machine we are in. Files named after the pid that wrote them cannot tell their
 * owner is gone from the pid alone: after a power cut pids are handed out again (a container or Flatpak
 * sandbox often gives the app the very same pid), so the boot goes into the name too.
 *
 *   const boot = currentBoot();        // Linux: boot_id without dashes; elsewhere 't' + boot time in s
 *   sameBoot(boot, fromFileName);      // true, false, or null when the two cannot be compared
 */
import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';
import { AUDIO_DEFAULTS } from '../../common/defaults.ts';

/** A boot token as it appears in file names. */
export const BOOT_TOKEN = /^(?:[0-9a-f]{32}|t\d+)$/;

let cached: string | null = null;

export function currentBoot(): string {
  if (cached !== null) return cached;
  if (process.platform === 'linux') {
    try {
      // A random UUID the kernel draws at every boot.
      const id = readFileSync('/proc/sys/kernel/random/boot_id', 'ascii').trim().replaceAll('-', '').toLowerCase();
      if (/^[0-9a-f]{32}$/.test(id)) return (cached = id);
    } catch {
      // /proc hidden (some sandboxes): fall back to the boot time like other platforms.
    }
  }
  // Not cached: the wall clock may be stepped while we run, and each call should see the same step as Date.now().
  return `t${Math.round(Date.now() / 1000 - uptime())}`;
}

/**
 * Whether two boot tokens name the same boot. Boot times derived from the wall clock wobble by clock
 * steps, so they match within a tolerance; a boot id and a boot time cannot be compared (null).
 */
export function sameBoot(a: string, b: string): boolean | null {
  const aTime = a.startsWith('t');
  if (aTime !== b.startsWith('t')) return null;
  if (!aTime) return a === b;
  return Math.abs(Number(a.slice(1)) - Number(b.slice(1))) <= AUDIO_DEFAULTS.bootTimeToleranceS;
}
