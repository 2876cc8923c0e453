"""A synthetic France on loopback: commune websites with known ground truth (never imports crawler)."""
