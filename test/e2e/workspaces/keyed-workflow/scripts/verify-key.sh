#!/bin/sh
# Verifies with the old public key.
cosign verify --key cosign.pub "ghcr.io/acme/app@${DIGEST}"
