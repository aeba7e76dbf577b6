#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Seed inputs for fuzz_engine from the shared command vectors
# (kernel/tests/engine_vectors.h): one file per vector, its command after a
# TPM2_Startup(CLEAR) unless the vector wants a fresh engine, joined by the
# 0xFE 0xFF separator fuzz_engine.c splits on.
#
# Usage: seeds_from_vectors.py VECTORS_H OUTDIR

import os
import re
import sys

STARTUP_CLEAR = bytes.fromhex('80010000000c000001440000')
VECTOR = re.compile(r'\.name = "([^"]+)",\s*\.fresh = (\w+),\s*'
                    r'\.cmd = ENGINE_VEC_HEX\((.*?)\),\s*\.rsp', re.S)


def main():
    text = open(sys.argv[1]).read()
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    n = 0
    for name, fresh, frags in VECTOR.findall(text):
        hexs = ''.join(re.findall(r'"([^"]*)"', frags)).replace(' ', '')
        cmd = bytes.fromhex(hexs)
        if fresh != 'ENGINE_VEC_FRESH':
            cmd = STARTUP_CLEAR + b'\xfe\xff' + cmd
        with open(os.path.join(out, name), 'wb') as f:
            f.write(cmd)
        n += 1
    print('%d seeds in %s' % (n, out))
    return 0 if n else 1


if __name__ == '__main__':
    sys.exit(main())
