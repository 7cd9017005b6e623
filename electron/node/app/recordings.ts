/** Recordings services: microphones, and recovery of the audio a crash left in the spool. */
import type { RecordingsServices } from '../../common/contract/recordings.ts';
import { VerbaError } from '../../common/result.ts';
import { naudiodonBackend } from '../audio/naudiodon-backend.ts';
import { discardSpool, listOrphanedSpools, repairSpool } from '../audio/spool.ts';
import type { AppContext } from './context.ts';

export function recordingsServices(context: AppContext): RecordingsServices {
  const capture = naudiodonBackend(
    context.captureWorkerPath !== undefined ? { workerPath: context.captureWorkerPath } : {},
  );
  return {
    listInputDevices: () => capture.listInputDevices(),
    async listUnsavedRecordings() {
      const spools = await listOrphanedSpools(context.spoolDir);
      // A crash leaves the WAV sizes at 0: fix each header so any player (and the decoder) reads it.
      for (const spool of spools) await repairSpool(spool.path);
      return spools.map(({ path, startedAt, duration }) => ({ path, startedAt, duration }));
    },
    async discardUnsavedRecording(path) {
      const known = (await listOrphanedSpools(context.spoolDir)).some((spool) => spool.path === path);
      if (!known)
        throw new VerbaError(
          'NotAnUnsavedRecording',
          'That file is not one of the unsaved recordings, so Verba left it alone.',
        );
      await discardSpool(path);
      return true as const;
    },
  };
}
