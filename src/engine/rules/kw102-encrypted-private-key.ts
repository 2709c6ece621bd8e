import type { Rule } from './rule';

// Placeholder: the detector for this rule is being written (see registry.ts).
export const encryptedPrivateKey: Rule = {
  meta: {
    id: 'KW102',
    name: 'encrypted-private-key',
    title: 'Encrypted private key',
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
