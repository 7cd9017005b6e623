import type { CliCommand } from '../cli-types.ts';

export const command: CliCommand = {
  usage: 'Usage: verba convert (not implemented yet)',
  async run() {
    process.stderr.write('verba convert: not implemented yet.\n');
    return 1;
  },
};
