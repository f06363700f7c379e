"""Allow `python -m lijiang_plan`."""

from lijiang_plan.cli import main

if __name__ == "__main__":  # not again in a worker that multiprocessing spawns (Windows)
    main()
