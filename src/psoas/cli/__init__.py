"""The `psoas` command line: parse, call the domain, print. No logic of its own."""
