import type { Rule } from './rule';

// Placeholder: the detector for this rule is being written (see registry.ts).
export const pgpPrivateKey: Rule = {
  meta: {
    id: 'KW104',
    name: 'pgp-private-key',
    title: 'OpenPGP private key block',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary: '',
    docs: '',
    fixes: ['add-to-gitignore', 'stop-tracking', 'rotation-guide', 'ignore-finding'],
  },
  check() {
    return [];
  },
};
