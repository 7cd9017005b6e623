/**
 * verba-audio://transcript/<id>: the stored audio of one transcript, for the editor's <audio> player.
 * The page names only a transcript id; the library says which file that is (node/app/transcript-audio.ts,
 * the same code the e2e transport serves), so no page can read an arbitrary file. Ranges are honoured so
 * seeking in an hour-long recording reads only what is played.
 *
 *   serveTranscriptAudio(libraryDir()); // at start-up, before app 'ready'
 */
import { app, protocol, session } from 'electron';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { AUDIO_SCHEME, audioIdOfPath } from '../common/contract/library.ts';
import { audioReply, libraryAudioSource } from '../node/app/transcript-audio.ts';

export function serveTranscriptAudio(libraryDir: string): void {
  // Privileges must be declared before 'ready'; 'stream' lets <audio> play and seek a streamed body.
  protocol.registerSchemesAsPrivileged([
    { scheme: AUDIO_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
  const source = libraryAudioSource(libraryDir);
  void app.whenReady().then(() =>
    session.defaultSession.protocol.handle(AUDIO_SCHEME, async (request) => {
      const url = new URL(request.url);
      const id = url.host === 'transcript' && request.method === 'GET' ? audioIdOfPath(url.pathname) : null;
      const reply = await audioReply(source, id, request.headers.get('range'));
      const body =
        reply.file === undefined
          ? null
          : (Readable.toWeb(createReadStream(reply.file.path, reply.file)) as ReadableStream<Uint8Array>);
      return new Response(body, { status: reply.status, headers: reply.headers });
    }),
  );
}
