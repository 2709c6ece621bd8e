// Our own house: scans this repository with the built CLI (dist/cli.js), honouring .gitignore, and
// fails on any finding. Test fixtures with keys are generated at test time; anything that must stay
// is suppressed in .keywardignore, and Keyward applies an entry only when it gives a reason.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/cli.js')) {
  console.error('self-scan: dist/cli.js is missing; run "node scripts/build.mjs" first');
  process.exit(2);
}
// `--fail-on hint`: every finding counts, not just errors. Untrusted: no need to ask git here.
const scan = spawnSync(process.execPath, ['dist/cli.js', 'scan', '.', '--format', 'text', '--fail-on', 'hint', '--no-color'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
process.stdout.write(scan.stdout);
process.stderr.write(scan.stderr);
if (scan.status === 0) console.log('self-scan: no findings in this repository');
else console.error(`self-scan: ${scan.status === 1 ? 'findings above must be fixed or suppressed with a reason in .keywardignore' : 'the scan failed'}`);
process.exit(scan.status ?? 2);
