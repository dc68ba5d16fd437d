#!/usr/bin/env python3
"""Writes the benchmark recipes (deterministic: a fixed seed).

  gen-recipes.py big OUT.rb [N]          N packages (default 5000), deep and wide dependencies
  gen-recipes.py sched OUT.rb [N] [SLOTS] N packages sleeping known durations; prints the ideal wall time
"""
import random
import sys


def big(out, n):
    rnd = random.Random(7)
    with open(out, "w") as f:
        for i in range(n):
            deps = set()
            if i > 0:
                deps.add(i - 1 if i % 50 else rnd.randrange(i))        # chains 50 deep, linked at random
            for _ in range(rnd.randrange(4)):                           # and up to 3 more, anywhere earlier
                if i > 0:
                    deps.add(rnd.randrange(i))
            f.write(f'package "p{i}", "1.{i % 7}" do\n')
            for d in sorted(deps):
                f.write(f'  depends_on "p{d}"\n')
            f.write(f'  env "CFLAGS", "-O{i % 3}"\n')
            f.write('  build do\n')
            f.write(f'    configure "--prefix=#{{prefix}}", "--enable-p{i}"\n')
            f.write('    make "-j#{jobs}"\n')
            f.write('    make "install"\n')
            f.write('  end\n')
            f.write('end\n')


def sched(out, n, slots):
    rnd = random.Random(11)
    durations, deps = [], []
    with open(out, "w") as f:
        for i in range(n):
            d = round(rnd.uniform(0.1, 1.0), 2)
            ds = sorted({rnd.randrange(max(0, i - 40), i) for _ in range(rnd.randrange(3))}) if i > 0 else []
            durations.append(d)
            deps.append(ds)
            f.write(f'package "s{i}", "1" do\n')
            for x in ds:
                f.write(f'  depends_on "s{x}"\n')
            f.write(f'  build {{ sh "sleep {d}; mkdir -p #{{prefix}}" }}\n')
            f.write('end\n')
    finish = []
    for i in range(n):
        finish.append(durations[i] + max((finish[x] for x in deps[i]), default=0))
    total = sum(durations)
    print(f"{max(finish):.2f} {total:.2f} {max(max(finish), total / slots):.2f}")


if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "big":
        big(out, int(sys.argv[3]) if len(sys.argv) > 3 else 5000)
    else:
        sched(out, int(sys.argv[3]) if len(sys.argv) > 3 else 400, int(sys.argv[4]) if len(sys.argv) > 4 else 8)
