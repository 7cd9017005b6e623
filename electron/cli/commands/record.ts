import type { CliCommand } from '../cli-types.ts';

export const command: CliCommand = {
  usage: 'Usage: verba record (not implemented yet)',
  async run() {
    process.stderr.write('verba record: not implemented yet.\n');
    return 1;
  },
};
