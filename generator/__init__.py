"""congkhai: the static-site generator for a commune's public-disclosure portal."""

__version__ = "0.1.0"
