// The benchmark scripts' command line: `--name` flags and `--name value` (or `--name=value`) options.
export function benchArgs(argv = process.argv.slice(2)) {
  return {
    argv,
    flag: (name) => argv.includes(`--${name}`),
    option: (name, fallback) => {
      const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
      if (i < 0) return fallback;
      return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
    },
  };
}
