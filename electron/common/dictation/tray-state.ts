/**
 * What the tray and the indicator show for each push-to-talk phase, and the tray's icon as pixels
 * (a filled dot in the state's colour), so Electron main only hands them to Tray and nativeImage.
 *
 *   const look = trayLook('listening');          // { state: 'listening', tooltip: 'Verba: listening…', … }
 *   nativeImage.createFromBitmap(dotBitmap(look.rgb, 32), { width: 32, height: 32 });
 */
import type { DictationPhase } from './push-to-talk.ts';

export type TrayState = 'idle' | 'listening' | 'transcribing' | 'error';

export interface TrayLook {
  state: TrayState;
  tooltip: string;
  /** The icon's colour. */
  rgb: readonly [number, number, number];
  /** The menu's main item: start or stop. */
  action: 'Start dictation' | 'Stop dictation';
}

const LOOKS: Record<TrayState, Omit<TrayLook, 'action'>> = {
  idle: { state: 'idle', tooltip: 'Verba: ready', rgb: [120, 120, 128] },
  listening: { state: 'listening', tooltip: 'Verba: listening…', rgb: [220, 40, 40] },
  transcribing: { state: 'transcribing', tooltip: 'Verba: writing it down…', rgb: [230, 160, 20] },
  error: { state: 'error', tooltip: 'Verba: the last dictation needs attention', rgb: [150, 60, 200] },
};

export function trayLook(phase: DictationPhase, message: string | null = null): TrayLook {
  const state: TrayState =
    phase === 'starting' || phase === 'listening'
      ? 'listening'
      : phase === 'finishing' || phase === 'inserting'
        ? 'transcribing'
        : phase === 'failed'
          ? 'error'
          : 'idle';
  const look = LOOKS[state];
  return {
    ...look,
    tooltip: state === 'error' && message ? `Verba: ${message}` : look.tooltip,
    action: state === 'listening' ? 'Stop dictation' : 'Start dictation',
  };
}

/** A size×size BGRA bitmap (nativeImage.createFromBitmap's layout): an anti-aliased dot, transparent around it. */
export function dotBitmap(rgb: readonly [number, number, number], size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  const r = size * 0.4;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const alpha = Math.max(0, Math.min(1, r - d + 0.5));
      const i = (y * size + x) * 4;
      out[i] = rgb[2];
      out[i + 1] = rgb[1];
      out[i + 2] = rgb[0];
      out[i + 3] = Math.round(alpha * 255);
    }
  return out;
}
