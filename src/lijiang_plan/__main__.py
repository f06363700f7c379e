"""Allow `python -m lijiang_plan`."""

from lijiang_plan.cli import main

main()
