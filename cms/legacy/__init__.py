"""Import of pages exported from the project's old web site (2005-2007).

``parser`` turns an exported page (text or HTML) into plain data; ``importer``
writes that data as pages. The parser knows nothing of the database, so it can
be tested, and reasoned about, on its own.
"""
