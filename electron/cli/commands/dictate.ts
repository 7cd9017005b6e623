import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DICTATION_DEFAULTS } from '../../common/defaults.ts';
import type { InsertionMethod } from '../../common/dictation/insertion-plan.ts';
import type { DictationMode } from '../../common/dictation/push-to-talk.ts';
import { VerbaError, toErrorValue } from '../../common/result.ts';
import { defaultSpoolDir, discardSpool, listOrphanedSpools } from '../../node/audio/spool.ts';
import { serveControl } from '../../node/dictation/control-socket.ts';
import { DictationController } from '../../node/dictation/controller.ts';
import { Hotkeys } from '../../node/dictation/hotkeys.ts';
import {
  DictationJournal,
  defaultJournalPath,
  readJournal,
  unfinishedDictations,
} from '../../node/dictation/journal.ts';
import { LocalDictation } from '../../node/dictation/local-dictation.ts';
import { desktopInserter } from '../../node/dictation/text-insertion.ts';
import type { CliCommand } from '../cli-types.ts';
import { LiveLine } from './dictate-live-line.ts';

const usage = `Usage: verba dictate [--hotkey KEY] [--mode hold|toggle] [--insert paste|type|copy] [--print] [--raw]
                     [--model dir-or-id] [--device id] [--threads N] [--no-hotkey] [--keep-audio]

Hold the hotkey (default ${DICTATION_DEFAULTS.hotkey}), speak, let go: the words are inserted into the
window that had the focus when you pressed it. --mode toggle: press once to start, again to stop. Esc
cancels (the recording is kept with the unsaved recordings). Ctrl-C quits.

  --insert paste   clipboard + paste keys (Ctrl+Shift+V in terminals); your clipboard comes back (default)
  --insert type    synthetic typing, for apps that block paste
  --insert copy    only copy the text to the clipboard
  --print          write each dictation's final text to stdout as one line instead of inserting it
                   (add --insert to do both)
  --raw            the recogniser's words as they are (no casing, punctuation or spoken commands)
  --no-hotkey      no global hotkey (Wayland): drive it with \`verba ctl start|stop|toggle|cancel\`

Every final text is saved to ${defaultJournalPath()} before it is inserted. Live text is drawn on
stderr when it is a terminal.`;

function parseOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'invalid arguments';
    throw new VerbaError('BadArguments', `${first.replace(/\.$/, '')} (see \`verba dictate --help\`).`);
  }
}

const oneOf = <T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T => {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new VerbaError('BadArguments', `--${name} must be ${allowed.join(' or ')}, not "${value}".`);
};

export const command: CliCommand = {
  usage,
  async run(args) {
    const { values } = parseOptions(() =>
      parseArgs({
        args,
        options: {
          hotkey: { type: 'string' },
          mode: { type: 'string' },
          insert: { type: 'string' },
          print: { type: 'boolean', default: false },
          raw: { type: 'boolean', default: false },
          model: { type: 'string' },
          device: { type: 'string' },
          threads: { type: 'string' },
          'no-hotkey': { type: 'boolean', default: false },
          'keep-audio': { type: 'boolean', default: false },
          'spool-dir': { type: 'string' },
          journal: { type: 'string' },
        },
        strict: true,
      }),
    );
    const mode = oneOf<DictationMode>('mode', values.mode, ['hold', 'toggle'], 'hold');
    const insert = oneOf<InsertionMethod>('insert', values.insert, ['paste', 'type', 'copy'], 'paste');
    const deviceId = values.device === undefined ? -1 : Number(values.device);
    if (!Number.isInteger(deviceId))
      throw new VerbaError(
        'BadArguments',
        `--device must be a device id from \`verba devices\`, not "${values.device}".`,
      );
    const threads = values.threads === undefined ? undefined : Number(values.threads);
    if (threads !== undefined && !(Number.isInteger(threads) && threads > 0))
      throw new VerbaError('BadArguments', `--threads must be a positive whole number, not "${values.threads}".`);
    const spoolDir = values['spool-dir'] ?? defaultSpoolDir();
    const live = new LiveLine(process.stderr);
    const say = (line: string) => live.message(line);

    const journal = await DictationJournal.open(values.journal ?? defaultJournalPath());
    const backend = await LocalDictation.open({
      ...(values.model !== undefined ? { model: values.model } : {}),
      ...(threads !== undefined ? { threads } : {}),
      deviceId,
      spoolDir,
      raw: values.raw,
      notice: (line) => say(line.trimEnd()),
    });
    const cleanup: Array<() => Promise<void> | void> = [() => backend.close(), () => journal.close()];
    const done = async () => {
      for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => undefined);
    };
    try {
      await recover(journal, backend, spoolDir, values.print, say);
      const inserter = values.print && values.insert === undefined ? null : desktopInserter();
      let hotkeys: Hotkeys | null = null;
      if (!values['no-hotkey']) {
        try {
          hotkeys = await Hotkeys.start(values.hotkey ?? DICTATION_DEFAULTS.hotkey);
          cleanup.push(() => hotkeys?.stop());
        } catch (error) {
          if (toErrorValue(error).name === 'BadHotkey') throw error;
          say(`verba: ${toErrorValue(error).message}`);
        }
      }
      const controller = new DictationController({
        backend,
        inserter,
        journal,
        hotkeys,
        insert,
        config: { mode },
        keepAudio: values['keep-audio'],
      });
      cleanup.push(() => controller.shutdown());
      const server = await serveControl(async (cmd) => {
        if (cmd !== 'status') controller.command(cmd);
        return controller.state.phase;
      });
      cleanup.push(() => server.close());

      controller.on('state', (s) => live.state(s.phase));
      controller.on('partial', (p) => live.partial(p.stable, p.unstable));
      controller.on('notify', (n) => say(`verba: ${n.message}`));
      controller.on('final', ({ text, inserted }) => {
        live.clear();
        if (values.print) process.stdout.write(`${text}\n`);
        else if (!inserted) say(text);
      });
      const how = hotkeys
        ? `${mode === 'hold' ? 'Hold' : 'Press'} ${hotkeys.chord.label} and speak${mode === 'hold' ? ', let go to insert' : ', press again to insert'}; Esc cancels`
        : 'Run `verba ctl start` / `verba ctl stop` to dictate';
      const microphone = await backend.warmUp();
      say(`Ready: ${how}; Ctrl-C quits. (${backend.modelName}, ${microphone}, control socket ${server.path})`);

      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      live.clear();
      say(signal === 'SIGINT' ? 'Stopping.' : `Stopping (${signal}).`);
      return 0;
    } finally {
      await done();
    }
  },
};

/** Dictations a crash interrupted (started in the journal, never ended) are finished from their spools. */
async function recover(
  journal: DictationJournal,
  backend: LocalDictation,
  spoolDir: string,
  print: boolean,
  say: (line: string) => void,
): Promise<void> {
  const open = unfinishedDictations(await readJournal(journal.path));
  if (open.length === 0) return;
  const orphaned = new Set((await listOrphanedSpools(spoolDir)).map((s) => s.path));
  for (const { id, spool } of open) {
    if (!existsSync(spool) || !orphaned.has(spool)) continue;
    const text = await backend.transcribeSpool(spool);
    await journal.append({ id, kind: 'recovered', text, spool });
    if (print) process.stdout.write(`${text}\n`);
    say(`verba: finished a dictation that was interrupted: "${text}" (saved in ${journal.path}).`);
    await discardSpool(spool);
  }
}
