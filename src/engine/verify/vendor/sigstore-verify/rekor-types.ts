/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
/*
Vendored into Keyward from @sigstore/rekor-types 5.0.0 (packages/rekor-types/src/index.ts and
src/__generated__/{dsse,hashedrekord,intoto}.ts of https://github.com/sigstore/sigstore-js, see NOTICE),
the type-only package the vendored tlog/ modules import. Modified by Keyward: only the proposed-entry
types those modules read, with the fields they read; doc comments dropped. Types only: the entries
they describe are parsed JSON from the bundle, so nothing here is checked at run time.
*/
type Sha256Hash = { algorithm: 'sha256'; value: string };

export type ProposedDSSEEntry = {
  apiVersion: '0.0.1';
  kind: 'dsse';
  spec: {
    signatures?: [{ signature: string; verifier: string }, ...{ signature: string; verifier: string }[]];
    envelopeHash?: Sha256Hash;
    payloadHash?: Sha256Hash;
  };
};

export type ProposedHashedRekordEntry = {
  apiVersion: '0.0.1';
  kind: 'hashedrekord';
  spec: {
    signature: { content?: string; publicKey?: { content?: string } };
    data: { hash?: { algorithm: 'sha256' | 'sha384' | 'sha512'; value: string } };
  };
};

type IntotoSignature = { keyid?: string; sig: string; publicKey: string };

export type ProposedIntotoEntry =
  | { apiVersion: '0.0.1'; kind: 'intoto'; spec: { content: { envelope?: string; hash?: Sha256Hash; payloadHash?: Sha256Hash }; publicKey: string } }
  | {
      apiVersion: '0.0.2';
      kind: 'intoto';
      spec: {
        content: {
          envelope: { payload?: string; payloadType: string; signatures: [IntotoSignature, ...IntotoSignature[]] };
          hash?: Sha256Hash;
          payloadHash?: Sha256Hash;
        };
      };
    };
