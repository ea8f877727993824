#!/bin/sh
# Run in place of the unit suites when configure did not find Check: the
# test run fails and says why instead of passing with no unit tests.
echo "unit tests not built: Check was not found by configure (Debian: apt-get install check)" >&2
exit 1
