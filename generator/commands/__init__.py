"""The commands besides build and validate: serve, new, init, import."""
