"""`python -m services.monitor.registry` was the synthetic registry generator; it is offline
tooling now. Says where, and exits with status 2."""
import sys

sys.stderr.write("the synthetic registry generator is offline tooling now: run\n"
                 "    python -m tooling.registry --households N --seed S [--database-url URL | --csv DIR]\n"
                 "(same options as before)\n")
sys.exit(2)
