"""An import-linter contract type the built-in ones do not cover: bounded contexts use each other only through
their public modules. Used by the contracts in pyproject.toml ([tool.importlinter]); run by the test command."""

from __future__ import annotations

import grimp
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class PublicFacesContract(Contract):
    """Every import from a module outside context C into C names one of C's public modules (`C.<face>`).

    Options: `contexts` (the context packages), `public` (the public modules' names), `allowed_importers`
    (modules exempt, e.g. the item registry that must know every item class), `scope` (the package whose modules
    are checked as importers; modules outside it, such as the API's routes, call services directly).
    """

    type_name = "public_faces"

    contexts = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())
    scope = fields.StringField()
    allowed_importers = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        contexts = [str(c) for c in self.contexts]  # type: ignore[attr-defined]
        allowed = {str(a) for a in self.allowed_importers or []}  # type: ignore[attr-defined]
        scope = str(self.scope)
        illegal = []
        names = [str(n) for n in self.public]  # type: ignore[attr-defined]
        for context in contexts:
            faces = {f"{context}.{name}" for name in names}
            face = " or ".join(sorted(faces))
            for imported in {context} | graph.find_descendants(context):
                if imported in faces or imported == context:
                    continue
                for importer in graph.find_modules_that_directly_import(imported):
                    inside = importer == context or importer.startswith(context + ".")
                    in_scope = importer == scope or importer.startswith(scope + ".")
                    if in_scope and not inside and importer not in allowed:
                        illegal.append((importer, imported, face))
        return ContractCheck(kept=not illegal, metadata={"illegal": sorted(illegal)})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, face in check.metadata["illegal"]:
            output.print_error(f"{importer} imports {imported}: use {face}", bold=False)
        output.new_line()
