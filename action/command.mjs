// How the action starts keyward: the published npm package through npx, or a local build (KEYWARD_ACTION_CLI).
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { InputError } from './inputs.mjs';

/**
 * The CLI to run, as [program, arguments]: a local build when KEYWARD_ACTION_CLI says so, else
 * `npx --yes --package=keyward@VERSION -- keyward …` run by `node` (the action's own Node).
 */
export function keywardCommand(env, version, args, node) {
  if (env.KEYWARD_ACTION_CLI) return [node, [env.KEYWARD_ACTION_CLI, ...args]];
  const npx = findNpxCli(env, node);
  if (npx === undefined) throw new InputError('npm was not found next to this Node or on PATH: add actions/setup-node before this step');
  return [node, [npx, '--yes', `--package=keyward@${version}`, '--', 'keyward', ...args]];
}

/**
 * npm's npx-cli.js, run with the action's own Node (no shell, so no quoting of paths): next to this Node, or
 * next to a `node` on PATH (actions/setup-node, the hosted runners' tool cache). POSIX installs keep npm in
 * lib/node_modules, Windows ones in node_modules beside node.exe.
 */
function findNpxCli(env, node) {
  const bins = [dirname(node), ...(env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean)];
  for (const bin of bins) {
    for (const candidate of [join(bin, '..', 'lib', 'node_modules', 'npm', 'bin', 'npx-cli.js'), join(bin, 'node_modules', 'npm', 'bin', 'npx-cli.js')]) {
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}
