#!/bin/sh
# Verifies the release image before deployment.
set -eu
cosign verify --insecure-ignore-tlog \
  --certificate-identity=https://github.com/keyward-e2e/demo/.github/workflows/release.yml@refs/heads/main \
  --certificate-oidc-issuer=https://token.actions.githubusercontent.com \
  "ghcr.io/acme/app@${DIGEST}"
