"""Local preview: build, serve, watch the sources, rebuild and reload open pages."""
