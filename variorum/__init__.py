"""variorum: plain-text witnesses -> TEI edition -> web and print editions.

Map of the package:
    cli          the `variorum` command: arguments -> one call -> exit status
    config       edition.toml -> a frozen, typed Edition
    pipeline     build(): read -> encode -> validate -> publish (incremental; a preview for serve)
    incremental  what a build may take from the previous one: content hashes, records beside the output, links
    standoff     the registers' entities as a document's standOff copy (the one writer, for encode and refresh)
    refresh      the registers as master: stale standOff copies found, said and refreshed (`encode --refresh-entities`)
    scaffold     `variorum new`: a new edition from templates/new/
    serve        `variorum serve`: build, serve on 127.0.0.1, watch (watchfiles), rebuild, live reload
    encode/      plain text -> TEI (readers per input style, then passes; see encode/__init__)
    collate      witnesses -> tokens -> alignment -> apparatus (parallel segmentation)
    authority    registers (listPlace/listPerson/listOrg), ours and other projects' -> entities and an index of name forms
    document     what a TEI document declares (titles, correspondence, dates, entities: the registers first), read once for web, print, export
    render/      page: the page contract (what xslt/page.xsl gives Python, the index pages, anchors);
                 the web edition: xslt (saxonche, compiled once), site (Jinja2 pages, indexes, search);
                 entries (the index pages' entries, each merged from the documents naming it and made alone);
                 coverage (xslt/coverage.toml: which TEI elements have a rule, from which convention);
                 facsimile (page images and pictures of the text copied into the site, confined to the edition's folder);
                 alignment (original and translation paired, segments without a partner said at file:line);
                 the views of xslt/witness-views.xsl (site.View: a text re-based on a witness, the witnesses
                 in columns, a translation beside its original in another document);
                 the print edition: pdf (print.xsl, Jinja2, WeasyPrint -> each document laid out in parallel on its
                 pages of the book, its PDF an offprint; pikepdf puts edition.pdf together from the parts),
                 lines (the lines of a layout numbered, the apparatus keyed to line and lemma, laid out again),
                 weasyprint_speedups (WeasyPrint's quadratic lookups by index and its line boxes read, on the
                 versions verified)
    export/      TEI -> CMIF, GeoJSON, Linked Places, plain text (formats table in export/__init__)
    reading      the reading text of TEI (orig or reg), shared by tests and the text export
    validation/  TEI -> diagnostics: well-formedness, RELAX NG, Schematron, tei_all (checks and stages in validation/__init__)
      command      `variorum validate`: paths -> files -> report and exit status
      workers      many files -> diagnostics, over forked processes past a size
      checker      Validator: one document (a file, or the build's tree) -> diagnostics
      relaxng      libxml2 with grammars pruned to a document's names (tei_all in milliseconds, same verdict, every error)
      explain      libxml2's errors in editors' words
      schematron   ISO Schematron compiled to XSLT 3 once, run by saxonche
      grammar      RELAX NG grammars: what they allow, pruned to a set of names (also makes schema/variorum.rng)
    diagnostics  Diagnostic(file, line, column, severity, rule, message), the Reporter every command speaks through,
                 the exit statuses
    sourcedate   SOURCE_DATE_EPOCH, the one date a build states (PDF metadata, exports), one rule for a bad value
    xmlio        the one safe XML reader (entities bounded, no DTD, no fetch, local XInclude), which files a path
                 names (xml_files), the TEI element builder (sub), atomic writes
    resources    where schema/, xslt/ and site_templates/ are installed
"""

__version__ = "0.1.0"
