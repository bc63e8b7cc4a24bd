"""The XSLT runner: saxonche, each stylesheet compiled once per run.

A `Stylesheets` object holds one Saxon processor and the compiled
executables; every document of a build goes through the same executables.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor, PyXdmNode, PyXdmValue

from variorum.diagnostics import InputError
from variorum.resources import resource_dir


class Stylesheets:
    """Compiled stylesheets of xslt/ (or another folder), by file name."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or resource_dir("xslt")
        self.processor = PySaxonProcessor(license=False)
        self._compiler = self.processor.new_xslt30_processor()
        self._compiled: dict = {}

    def executable(self, name: str):
        if name not in self._compiled:
            path = self.folder / name
            self._compiled[name] = self._compiler.compile_stylesheet(stylesheet_file=str(path))
        return self._compiled[name]

    def parse(self, root: etree._Element, name: str) -> PyXdmNode:
        """Hand a document that lxml has parsed safely to Saxon.

        Saxon gets the root element only: no DOCTYPE, so its parser has no DTD
        to fetch and no external entity to resolve (a stranger's TEI never
        makes us read a file or open a connection)."""
        try:
            return self.processor.parse_xml(xml_text=etree.tostring(root, encoding="unicode"))
        except PySaxonApiError as error:
            raise InputError(f"cannot render the document: {error}", file=name) from None

    def transform(self, name: str, document: PyXdmNode, mode: str | None = None, **parameters: str | PyXdmValue) -> str:
        """`parameters`: strings, or a parsed document (`parse`) for a parameter that takes one."""
        executable = self.executable(name)
        executable.clear_parameters()
        for key, value in parameters.items():
            value = value if isinstance(value, PyXdmValue) else self.processor.make_string_value(value)
            executable.set_parameter(key.replace("_", "-"), value)
        if mode:
            executable.set_initial_mode(mode)
        try:
            return executable.transform_to_string(xdm_node=document)
        finally:
            if mode:
                executable.set_initial_mode("")
