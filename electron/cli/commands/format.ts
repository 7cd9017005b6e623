import type { CliCommand } from '../cli-types.ts';

export const command: CliCommand = {
  usage: 'Usage: verba format (not implemented yet)',
  async run() {
    process.stderr.write('verba format: not implemented yet.\n');
    return 1;
  },
};
