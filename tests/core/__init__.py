"""Tests that need no Qt and no display."""
