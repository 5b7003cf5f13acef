"""The supervising level's completeness audit of many communes' portals (`congkhai audit`)."""
