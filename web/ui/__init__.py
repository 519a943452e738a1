"""The contestant web UI: server-rendered page shells, one ES module per page (frontend/)."""
