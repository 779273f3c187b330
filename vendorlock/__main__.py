"""`python -m vendorlock` runs the CLI."""

from vendorlock.cli import main

main()
