"""Baseline for bench_query.py: a click program that only echoes its argument.

Python's start-up and click's import are the floor any click CLI stands on;
`lplan who-leads` is measured against this in the same run.
"""

import click


@click.command()
@click.argument("value")
def main(value: str) -> None:
    click.echo(value)


if __name__ == "__main__":
    main()
