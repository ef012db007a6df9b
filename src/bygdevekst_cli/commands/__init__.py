"""One module per command (or group of commands); importing one registers its commands."""
