/**
 * One sentence for a native addon that would not load. Node's own message for an ABI mismatch spans five
 * lines ("The module '…' / was compiled against a different Node.js version using / NODE_MODULE_VERSION
 * 137. …"), and its first line alone said nothing useful; this names both runtimes and the fix.
 *
 *   nativeLoadFailure('naudiodon', error) // 'the naudiodon audio module was built for another runtime …'
 */
export function nativeLoadFailure(
  module: string,
  error: unknown,
  runtime: { platform: string; arch: string; abi: string } = {
    platform: process.platform,
    arch: process.arch,
    abi: process.versions.modules,
  },
): string {
  const message = error instanceof Error ? error.message : String(error);
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi !== null)
    return (
      `the ${module} audio module was built for another runtime (NODE_MODULE_VERSION ${abi[1]}; this one needs ` +
      `${abi[2]}, e.g. after \`npm run package\` rebuilt it for Electron): run \`npm rebuild ${module}\` to rebuild it for this Node`
    );
  const firstLine = message.split('\n')[0] ?? message;
  return `the ${module} audio module could not be loaded on ${runtime.platform}-${runtime.arch} (Node ABI ${runtime.abi}): ${firstLine}`;
}
