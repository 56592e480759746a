"""`python -m psoas` runs the CLI."""

from psoas.cli.app import main

main()
