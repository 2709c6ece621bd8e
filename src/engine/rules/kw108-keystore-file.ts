import type { Rule } from './rule';

// Placeholder: the detector for this rule is being written (see registry.ts).
export const keystoreFile: Rule = {
  meta: {
    id: 'KW108',
    name: 'keystore-file',
    title: 'PKCS#12 or Java keystore',
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
