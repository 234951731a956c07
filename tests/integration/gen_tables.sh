#!/usr/bin/env bash
# The generated command tables compile and validate (tests/gen/check).
exec "$(dirname "$0")/../gen/check" "${BUILD:-build}"
