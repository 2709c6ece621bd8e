import type { Rule } from './rule';

// Placeholder: the detector for this rule is being written (see registry.ts).
export const jwkPrivateKey: Rule = {
  meta: {
    id: 'KW107',
    name: 'jwk-private-key',
    title: 'JSON Web Key with private members',
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
