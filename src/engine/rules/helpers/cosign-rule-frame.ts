import type { FileContext } from '../rule';
import type { EnvBinding } from '../../shell/env-bindings';
import type { RawFinding } from '../../types';
import { bindingRange, finding, IdentityCounter } from './cosign-findings';
import { cosignView, type CosignView } from '../../cosign/view';

/** What a cosign rule's check starts from: the file's cosign view (shared by every rule), identities, findings. */
export interface CosignRuleFrame {
  readonly view: CosignView;
  readonly ids: IdentityCounter;
  readonly out: RawFinding[];
}

export function cosignRuleFrame(file: FileContext): CosignRuleFrame {
  return { view: cosignView(file), ids: new IdentityCounter(), out: [] };
}

/** An error on a `VAR=literal` assignment that should never hold a literal (KW203 `COSIGN_PASSWORD`, KW209 tokens). */
export function literalBindingFinding(binding: EnvBinding, identity: string, message: string): RawFinding {
  return finding({ range: bindingRange(binding), severity: 'error', documentation: binding.documentation, host: binding.host, identity, message });
}
