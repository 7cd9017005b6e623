import type { CliCommand } from '../cli-types.ts';

export const command: CliCommand = {
  usage: 'Usage: verba devices (not implemented yet)',
  async run() {
    process.stderr.write('verba devices: not implemented yet.\n');
    return 1;
  },
};
