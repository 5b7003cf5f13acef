"""Tests that drive a real browser (Chromium) against built sites."""
