import type { SimpleCommand } from './parser';
import type { Word } from './tokens';

/**
 * What a simple command actually runs: wrappers (`sudo`, `env`, `timeout`, `docker run IMAGE` …) are
 * peeled off, and the environment they set is collected with the command's own `NAME=value` prefix.
 */
export interface Invocation {
  readonly command: SimpleCommand;
  /** `NAME=value` words that set the program's environment (prefixes, `env NAME=v`, `docker run -e NAME=v`). */
  readonly env: readonly Word[];
  /** The program and its arguments; argv[0] is the program (for `docker run`, the image). */
  readonly argv: readonly Word[];
  /** For `export`, `declare -x`, `readonly`, `local`, `typeset`: the `NAME=value` words it sets. */
  readonly declared: readonly Word[];
  /** Set when the program runs in a container image (`docker run … IMAGE`). */
  readonly container: boolean;
}

const DECLARATION_BUILTINS = new Set(['export', 'declare', 'typeset', 'readonly', 'local']);

interface WrapperSpec {
  /** Options that consume the next word. */
  readonly valued: ReadonlySet<string>;
  /** Accepts `NAME=value` words before the program. */
  readonly assignments: boolean;
  /** Number of positional words after the options that are not the program (timeout's DURATION). */
  readonly positionals?: number;
}

const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  sudo: { valued: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '-R', '--user', '--group', '--prompt', '--chdir']), assignments: true },
  doas: { valued: new Set(['-u', '-C']), assignments: false },
  env: { valued: new Set(['-u', '--unset', '-C', '--chdir']), assignments: true },
  'cross-env': { valued: new Set(), assignments: true },
  'cross-env-shell': { valued: new Set(), assignments: true },
  nohup: { valued: new Set(), assignments: false },
  exec: { valued: new Set(['-a']), assignments: false },
  command: { valued: new Set(), assignments: false },
  builtin: { valued: new Set(), assignments: false },
  time: { valued: new Set(), assignments: false },
  nice: { valued: new Set(['-n', '--adjustment']), assignments: false },
  stdbuf: { valued: new Set(['-i', '-o', '-e']), assignments: false },
  timeout: { valued: new Set(['-s', '--signal', '-k', '--kill-after']), assignments: false, positionals: 1 },
};

/** `docker run` options that take a value (the rest are switches). */
const DOCKER_RUN_VALUED = new Set([
  '-a',
  '--attach',
  '--add-host',
  '--blkio-weight',
  '--cap-add',
  '--cap-drop',
  '--cgroup-parent',
  '--cidfile',
  '--cpus',
  '--cpu-shares',
  '-c',
  '--cpuset-cpus',
  '--device',
  '--dns',
  '--dns-search',
  '--dns-option',
  '-e',
  '--env',
  '--env-file',
  '--entrypoint',
  '--expose',
  '--group-add',
  '-h',
  '--hostname',
  '--ip',
  '--ipc',
  '-l',
  '--label',
  '--label-file',
  '--link',
  '--log-driver',
  '--log-opt',
  '-m',
  '--memory',
  '--mount',
  '--name',
  '--network',
  '--net',
  '--network-alias',
  '--pid',
  '--platform',
  '-p',
  '--publish',
  '--pull',
  '--restart',
  '--runtime',
  '--security-opt',
  '--shm-size',
  '--stop-signal',
  '--stop-timeout',
  '--tmpfs',
  '-u',
  '--user',
  '--ulimit',
  '--userns',
  '--uts',
  '-v',
  '--volume',
  '--volumes-from',
  '-w',
  '--workdir',
  '--health-cmd',
  '--health-interval',
  '--gpus',
  '--isolation',
  '--cgroupns',
  '--annotation',
  '--secret',
  '--arch',
  '--os',
]);

const CONTAINER_ENGINES = new Set(['docker', 'podman', 'nerdctl']);

export function resolveInvocation(command: SimpleCommand): Invocation {
  const env: Word[] = [...command.assignments];
  let args = command.args;
  let container = false;
  for (let guard = 0; guard < 8; guard++) {
    const head = args[0];
    if (!head || head.expands) break;
    const name = basename(head.value);
    const spec = WRAPPERS[name];
    if (spec) {
      // `command -v NAME` only looks NAME up.
      const options = args.slice(
        1,
        1 +
          Math.max(
            0,
            args.slice(1).findIndex((w) => !w.value.startsWith('-')),
          ),
      );
      if (name === 'command' && options.some((w) => /^-[a-zA-Z]*[vV]/.test(w.value))) return { command, env, argv: [], declared: [], container };
      args = skipWrapper(args.slice(1), spec, env);
      continue;
    }
    if (CONTAINER_ENGINES.has(name) && args[1]?.value === 'run') {
      args = skipDockerRun(args.slice(2), env);
      container = true;
      continue;
    }
    if (name === 'go' && args[1]?.value === 'run') {
      // `go run [build flags] PKG args…`: the package path is the program.
      let i = 2;
      while (i < args.length && args[i]?.value.startsWith('-')) i++;
      args = args.slice(i);
      break;
    }
    break;
  }
  const head = args[0];
  const declared = head && !head.quoted && DECLARATION_BUILTINS.has(head.value) ? args.slice(1).filter((w) => w.assignment !== undefined) : [];
  return { command, env, argv: args, declared, container };
}

function skipWrapper(args: readonly Word[], spec: WrapperSpec, env: Word[]): readonly Word[] {
  let i = 0;
  while (i < args.length) {
    const word = args[i] as Word;
    if (word.value === '--') {
      i++;
      break;
    }
    if (word.value.startsWith('-') && word.value.length > 1 && !word.assignment) {
      i += spec.valued.has(word.value) ? 2 : 1;
      continue;
    }
    break;
  }
  while (spec.assignments && i < args.length && args[i]?.assignment) env.push(args[i++] as Word);
  return args.slice(i + (spec.positionals ?? 0));
}

function skipDockerRun(args: readonly Word[], env: Word[]): readonly Word[] {
  let i = 0;
  while (i < args.length) {
    const word = args[i] as Word;
    if (word.value === '--') return args.slice(i + 1);
    if (!word.value.startsWith('-') || word.value.length === 1) break;
    const [flag] = word.value.split('=', 1);
    const takesValue = DOCKER_RUN_VALUED.has(flag ?? '') && !word.value.includes('=');
    if (takesValue && (flag === '-e' || flag === '--env')) {
      const value = args[i + 1];
      if (value?.assignment) env.push(value);
    }
    i += takesValue ? 2 : 1;
  }
  return args.slice(i);
}

/** Last path segment of a program word: `/usr/local/bin/cosign` → `cosign`. */
export function basename(value: string): string {
  const slash = value.lastIndexOf('/');
  return slash < 0 ? value : value.slice(slash + 1);
}
