"""The command-line interface: the only layer that turns errors into exit codes."""
