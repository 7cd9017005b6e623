import { VerbaError } from '../../common/result.ts';
import { CONTROL_COMMANDS, isControlCommand, sendControl } from '../../node/dictation/control-socket.ts';
import type { CliCommand } from '../cli-types.ts';

const usage = `Usage: verba ctl start|stop|toggle|cancel|status

Controls the running dictation (\`verba dictate\` or the app) and prints its state afterwards. Bind it
in your compositor for hold-to-talk on Wayland, e.g. in sway:
  bindsym Ctrl+Alt+space exec verba ctl start
  bindsym --release Ctrl+Alt+space exec verba ctl stop`;

export const command: CliCommand = {
  usage,
  async run(args) {
    const [name, ...rest] = args;
    if (!isControlCommand(name) || rest.length > 0)
      throw new VerbaError(
        'BadArguments',
        `${name === undefined ? 'No command given' : `unknown command "${name}"`}; use one of ${CONTROL_COMMANDS.join(', ')} (see \`verba ctl --help\`).`,
      );
    process.stdout.write(`${await sendControl(name)}\n`);
    return 0;
  },
};
