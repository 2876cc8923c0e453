"""The `vigie` command: one module per verb family, thin over the library."""
