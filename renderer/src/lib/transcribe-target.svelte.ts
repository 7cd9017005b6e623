/** The recording the Transcribe panel works on; the recovery banner fills it in. */
export const transcribeTarget = $state({ path: '' });
