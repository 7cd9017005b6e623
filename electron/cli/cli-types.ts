/** One `verba` subcommand. `run` gets the arguments after the subcommand name and returns an exit code. */
export interface CliCommand {
  usage: string;
  run(args: string[]): Promise<number>;
}
