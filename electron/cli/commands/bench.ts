import type { CliCommand } from '../cli-types.ts';

export const command: CliCommand = {
  usage: 'Usage: verba bench (not implemented yet)',
  async run() {
    process.stderr.write('verba bench: not implemented yet.\n');
    return 1;
  },
};
