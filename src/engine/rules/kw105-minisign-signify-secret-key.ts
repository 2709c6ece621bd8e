import type { Rule } from './rule';

// Placeholder: the detector for this rule is being written (see registry.ts).
export const minisignSignifySecretKey: Rule = {
  meta: {
    id: 'KW105',
    name: 'minisign-signify-secret-key',
    title: 'minisign or signify secret key',
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
