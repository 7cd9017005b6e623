/** What the engine reports about this computer (Settings → About, and the sidebar's engine line). */
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';

export const systemInfo = new AsyncCall(() => verba().getSystemInfo());
