"""Rendering: TEI -> web edition (site) and print edition (pdf), through XSLT compiled once (xslt)."""
