import type { Rule } from './rule';

// Placeholder: the detector for this rule is being written (see registry.ts).
export const ageSecretKey: Rule = {
  meta: {
    id: 'KW106',
    name: 'age-secret-key',
    title: 'age secret key',
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
