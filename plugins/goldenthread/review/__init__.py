"""Review tools over analyses: semantic diff, rename, export, schema export."""
