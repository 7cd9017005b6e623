import type { CliCommand } from '../cli-types.ts';

export const command: CliCommand = {
  usage: 'Usage: verba transcribe (not implemented yet)',
  async run() {
    process.stderr.write('verba transcribe: not implemented yet.\n');
    return 1;
  },
};
