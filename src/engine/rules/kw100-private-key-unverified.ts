import type { Rule } from './rule';

// Placeholder: the detector for this rule is being written (see registry.ts).
export const privateKeyUnverified: Rule = {
  meta: {
    id: 'KW100',
    name: 'private-key-unverified',
    title: 'Private-key block that does not decode to a key',
    severity: 'information',
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
